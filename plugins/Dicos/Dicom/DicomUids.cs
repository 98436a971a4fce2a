using System.Text.RegularExpressions;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>New UIDs: a random UUID as a decimal under the 2.25 root (PS3.5 B.2), always valid and unique; and the
/// check that a UID from outside is digits and dots, so that it can name a file.</summary>
public static partial class DicomUids
{
    /// <summary>A new UID.</summary>
    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        return "2.25." + new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="uid"/> is numbers separated by dots (PS3.5 9.1), and so safe as a file name.</summary>
    public static bool IsWellFormed(string uid) => UidPattern().IsMatch(uid);

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)*$")]
    private static partial Regex UidPattern();
}
