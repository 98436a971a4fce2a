using System.Globalization;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>A data element tag: group and element number.</summary>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    /// <summary>(FFFE,E000) Item.</summary>
    public static readonly DicomTag Item = new(0xFFFE, 0xE000);

    /// <summary>(FFFE,E00D) Item Delimitation Item.</summary>
    public static readonly DicomTag ItemDelimitation = new(0xFFFE, 0xE00D);

    /// <summary>(FFFE,E0DD) Sequence Delimitation Item.</summary>
    public static readonly DicomTag SequenceDelimitation = new(0xFFFE, 0xE0DD);

    /// <summary>(7FE0,0010) Pixel Data.</summary>
    public static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    /// <summary>Float Pixel Data (7FE0,0008), OF: 32-bit IEEE samples (PS3.3 C.7.6.3).</summary>
    public static readonly DicomTag FloatPixelData = new(0x7FE0, 0x0008);

    /// <summary>Double Float Pixel Data (7FE0,0009), OD: 64-bit IEEE samples (PS3.3 C.7.6.3).</summary>
    public static readonly DicomTag DoubleFloatPixelData = new(0x7FE0, 0x0009);

    /// <summary>(0002,0010) Transfer Syntax UID.</summary>
    public static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);

    /// <summary>The tag as one number, group in the high half.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>True for odd groups (private data elements).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>Parses <c>gggg,eeee</c>, <c>(gggg,eeee)</c> or <c>ggggeeee</c>.</summary>
    public static DicomTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.Trim('(', ')').Replace(",", string.Empty, StringComparison.Ordinal);
        var value = uint.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new DicomTag((ushort)(value >> 16), (ushort)value);
    }

    /// <summary>Orders tags as they must appear in a data set.</summary>
    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    /// <summary>Orders tags as they must appear in a data set.</summary>
    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    /// <summary>Orders tags as they must appear in a data set.</summary>
    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    /// <summary>Orders tags as they must appear in a data set.</summary>
    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;

    /// <inheritdoc />
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})");
}
