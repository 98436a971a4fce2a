namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>
/// One data element as read: its tag, VR, where it starts in the file, and its value: bytes (in the file's byte
/// order, little-endian here), the items of a sequence, or the fragments of encapsulated pixel data.
/// </summary>
public sealed class DicomElement
{
    /// <summary>An element whose value is bytes.</summary>
    public DicomElement(DicomTag tag, DicomVr vr, ReadOnlyMemory<byte> value, long offset = -1, bool undefinedLength = false)
    {
        Tag = tag;
        Vr = vr;
        Value = value;
        Offset = offset;
        UndefinedLength = undefinedLength;
    }

    /// <summary>A sequence.</summary>
    public DicomElement(DicomTag tag, IReadOnlyList<DicomDataSet> items, long offset = -1, bool undefinedLength = true)
        : this(tag, DicomVr.SQ, ReadOnlyMemory<byte>.Empty, offset, undefinedLength) => Items = items;

    /// <summary>Encapsulated pixel data (any VR the writer chose, OB by the standard).</summary>
    public DicomElement(DicomTag tag, DicomVr vr, EncapsulatedFragments fragments, long offset = -1)
        : this(tag, vr, ReadOnlyMemory<byte>.Empty, offset, undefinedLength: true) => Fragments = fragments;

    /// <summary>The tag.</summary>
    public DicomTag Tag { get; }

    /// <summary>The VR (from the file when explicit, from the dictionary when implicit).</summary>
    public DicomVr Vr { get; }

    /// <summary>The value's bytes (empty for sequences and encapsulated pixel data).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Offset of the element's tag in the file, or −1 for an element made in memory.</summary>
    public long Offset { get; }

    /// <summary>True when the file gave the element an undefined length (0xFFFFFFFF).</summary>
    public bool UndefinedLength { get; }

    /// <summary>The items of a sequence, or null.</summary>
    public IReadOnlyList<DicomDataSet>? Items { get; }

    /// <summary>The fragments of encapsulated pixel data, or null.</summary>
    public EncapsulatedFragments? Fragments { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Tag} {Vr} {DicomElementRegistry.KeywordOf(Tag)}";
}
