using System.Globalization;
using System.Text;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// The HEADER segment of one data set: the version and the byte offsets of TEXT, DATA and ANALYSIS, relative to the
/// start of the data set. A field that is blank (all spaces) is null: FCS 3.x writes blanks, or 0, for DATA offsets
/// beyond 99,999,999 and keeps the real ones in TEXT.
/// </summary>
/// <param name="Version">The version text, for example <c>FCS3.1</c>.</param>
/// <param name="TextStart">First byte of TEXT.</param>
/// <param name="TextEnd">Last byte of TEXT (inclusive).</param>
/// <param name="DataStart">First byte of DATA, or null when blank.</param>
/// <param name="DataEnd">Last byte of DATA, or null when blank.</param>
/// <param name="AnalysisStart">First byte of ANALYSIS, or null when blank.</param>
/// <param name="AnalysisEnd">Last byte of ANALYSIS, or null when blank.</param>
public sealed record FcsHeader(string Version, long TextStart, long TextEnd, long? DataStart, long? DataEnd, long? AnalysisStart, long? AnalysisEnd)
{
    /// <summary>Bytes of the fixed part of the HEADER.</summary>
    public const int Size = 58;

    /// <summary>Parses the HEADER at the start of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">At least the first 58 bytes of the data set.</param>
    /// <param name="path">The file, for errors.</param>
    /// <param name="baseOffset">Where the data set starts in the file, for errors.</param>
    /// <exception cref="FcsDataException">Not an FCS HEADER, or an offset field is not a number.</exception>
    public static FcsHeader Parse(ReadOnlySpan<byte> bytes, string? path, long baseOffset = 0)
    {
        if (bytes.Length < Size)
        {
            throw new FcsDataException(path, $"expected a {Size}-byte FCS HEADER, found only {bytes.Length} bytes: not an FCS file", baseOffset);
        }

        var version = Encoding.ASCII.GetString(bytes[..6]);
        if (!bytes.StartsWith("FCS"u8) || !char.IsAsciiDigit(version[3]) || version[4] != '.' || !char.IsAsciiDigit(version[5]))
        {
            throw new FcsDataException(path, $"expected the HEADER to start with a version such as \"FCS3.1\", found \"{Printable(bytes[..6])}\": not an FCS file", baseOffset);
        }

        var textStart = Field(bytes, 0, path, baseOffset) ?? throw new FcsDataException(path, "the HEADER's TEXT start field is blank", baseOffset + 10);
        var textEnd = Field(bytes, 1, path, baseOffset) ?? throw new FcsDataException(path, "the HEADER's TEXT end field is blank", baseOffset + 18);
        if (textStart < Size || textEnd < textStart)
        {
            throw new FcsDataException(path, $"the HEADER says TEXT spans bytes {textStart}..{textEnd}, which is not a segment after the HEADER", baseOffset + 10);
        }

        return new FcsHeader(version, textStart, textEnd, Field(bytes, 2, path, baseOffset), Field(bytes, 3, path, baseOffset), Field(bytes, 4, path, baseOffset), Field(bytes, 5, path, baseOffset));
    }

    private static long? Field(ReadOnlySpan<byte> bytes, int index, string? path, long baseOffset)
    {
        var start = 10 + (index * 8);
        var text = Encoding.ASCII.GetString(bytes.Slice(start, 8)).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FcsDataException(path, $"HEADER offset field {index + 1} is \"{Printable(bytes.Slice(start, 8))}\", not a number", baseOffset + start);
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return text.ToString();
    }
}
