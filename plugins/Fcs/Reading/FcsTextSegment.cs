using System.Text;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// Parses a TEXT (or supplemental TEXT) segment: the first byte is the delimiter, keys and values alternate, a doubled
/// delimiter inside a key or value stands for one delimiter character. A segment that does not end with the delimiter
/// is accepted. Bytes that are not valid UTF-8 are read as Latin-1, so no byte is lost.
/// </summary>
public static class FcsTextSegment
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <paramref name="segment"/> into <paramref name="keywords"/>.</summary>
    /// <param name="segment">The segment's bytes, from its delimiter to its last byte.</param>
    /// <param name="keywords">Receives the keywords (existing keys are kept).</param>
    /// <param name="diagnostics">Receives notes about tolerated oddities.</param>
    /// <param name="path">The file, for errors.</param>
    /// <param name="offset">The segment's offset in the file, for errors.</param>
    /// <exception cref="FcsDataException">The segment is empty or its delimiter is not a valid delimiter.</exception>
    public static void Parse(ReadOnlySpan<byte> segment, FcsKeywords keywords, ICollection<string> diagnostics, string? path, long offset)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (segment.IsEmpty)
        {
            throw new FcsDataException(path, "the TEXT segment is empty", offset);
        }

        var delimiter = segment[0];
        if (delimiter is (byte)' ' or (byte)'$' || char.IsAsciiLetterOrDigit((char)delimiter))
        {
            throw new FcsDataException(path, $"expected a TEXT delimiter (a character that is not a letter, digit, space or '$'), found byte 0x{delimiter:X2}", offset);
        }

        var token = new List<byte>(64);
        string? key = null;
        var position = 1;
        while (position < segment.Length)
        {
            var b = segment[position];
            if (b != delimiter)
            {
                token.Add(b);
                position++;
                continue;
            }

            if (position + 1 < segment.Length && segment[position + 1] == delimiter)
            {
                token.Add(delimiter);
                position += 2;
                continue;
            }

            Complete(ref key, token, keywords, diagnostics);
            position++;
        }

        if (token.Count > 0)
        {
            Complete(ref key, token, keywords, diagnostics);
        }

        if (key is not null)
        {
            diagnostics.Add($"keyword {key.Trim()} at the end of TEXT has no value");
        }
    }

    /// <summary>Decodes bytes as UTF-8, or as Latin-1 when they are not valid UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private static void Complete(ref string? key, List<byte> token, FcsKeywords keywords, ICollection<string> diagnostics)
    {
        var text = Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(token));
        token.Clear();
        if (key is null)
        {
            key = text;
            return;
        }

        if (key.Trim().Length == 0)
        {
            diagnostics.Add($"a value \"{Shorten(text)}\" has an empty keyword; ignored");
        }
        else if (!keywords.TryAdd(key, text))
        {
            diagnostics.Add($"keyword {key.Trim()} appears twice; the first value is kept");
        }

        key = null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
