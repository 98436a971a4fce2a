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

    /// <summary>An FL element (little endian).</summary>
    public static DicomElement Float32(DicomTag tag, params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return new DicomElement(tag, DicomVr.Of("FL"), bytes);
    }

    /// <summary>A DS value: at most 16 characters (PS3.5 6.2).</summary>
    public static string Decimal(double value)
    {
        var text = value.ToString("G10", System.Globalization.CultureInfo.InvariantCulture);
        return text.Length <= 16 ? text : value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Adds a text element (group, element, VR, values) to <paramref name="dataSet"/>.</summary>
    public static void AddText(this DicomDataSet dataSet, ushort group, ushort element, string vr, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        dataSet.Add(Text(new DicomTag(group, element), vr, values));
    }

    /// <summary>Adds a US element to <paramref name="dataSet"/>.</summary>
    public static void AddUInt16(this DicomDataSet dataSet, ushort group, ushort element, ushort value)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        dataSet.Add(UInt16(new DicomTag(group, element), value));
    }

    /// <summary>A sequence of <paramref name="items"/>.</summary>
    public static DicomElement Sequence(DicomTag tag, params DicomDataSet[] items) => new(tag, items);

    /// <summary>A data set (a sequence item) of <paramref name="elements"/>.</summary>
    public static DicomDataSet Item(params DicomElement[] elements)
    {
        var item = new DicomDataSet();
        foreach (var e in elements)
        {
            item.Add(e);
        }

        return item;
    }

    /// <summary>An element whose value is <paramref name="bytes"/> (OB, OW, UN...).</summary>
    public static DicomElement Bytes(DicomTag tag, DicomVr vr, ReadOnlyMemory<byte> bytes) => new(tag, vr, bytes);
}
