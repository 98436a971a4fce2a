namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>New UIDs: a random UUID as a decimal under the 2.25 root (PS3.5 B.2), always valid and unique.</summary>
public static class DicomUids
{
    /// <summary>A new UID.</summary>
    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        return "2.25." + new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
