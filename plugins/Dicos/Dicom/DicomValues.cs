using System.Buffers.Binary;
using System.Text;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>Builds elements from typed values, encoded as explicit VR little endian stores them.</summary>
public static class DicomValues
{
    /// <summary>A text element (several values joined with a backslash).</summary>
    public static DicomElement Text(DicomTag tag, string vr, params string[] values) =>
        new(tag, DicomVr.Of(vr), Encoding.Latin1.GetBytes(string.Join('\\', values)));

    /// <summary>A US element.</summary>
    public static DicomElement UInt16(DicomTag tag, params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        return new DicomElement(tag, DicomVr.Of("US"), bytes);
    }

    /// <summary>A UL element.</summary>
    public static DicomElement UInt32(DicomTag tag, params uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return new DicomElement(tag, DicomVr.Of("UL"), bytes);
    }

    /// <summary>An element whose value is <paramref name="bytes"/> (OB, OW, UN...).</summary>
    public static DicomElement Bytes(DicomTag tag, DicomVr vr, ReadOnlyMemory<byte> bytes) => new(tag, vr, bytes);
}
