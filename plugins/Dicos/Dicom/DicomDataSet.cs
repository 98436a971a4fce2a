using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>The elements of a data set or sequence item, in file order, with typed getters for their values.</summary>
public sealed class DicomDataSet
{
    private readonly List<DicomElement> _elements = [];
    private readonly Dictionary<DicomTag, DicomElement> _byTag = [];

    /// <summary>Elements in the order they were read or added.</summary>
    public IReadOnlyList<DicomElement> Elements => _elements;

    /// <summary>Adds an element, replacing one with the same tag.</summary>
    public void Add(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (_byTag.TryGetValue(element.Tag, out var old))
        {
            _elements[_elements.IndexOf(old)] = element;
        }
        else
        {
            _elements.Add(element);
        }

        _byTag[element.Tag] = element;
    }

    /// <summary>The element with <paramref name="tag"/>, if present.</summary>
    public bool TryGet(DicomTag tag, out DicomElement element) => _byTag.TryGetValue(tag, out element!);

    /// <summary>True when the data set has <paramref name="tag"/>.</summary>
    public bool Contains(DicomTag tag) => _byTag.ContainsKey(tag);

    /// <summary>A text value without its padding (trailing spaces and NULs), or null when absent.</summary>
    public string? GetString(DicomTag tag) =>
        TryGet(tag, out var e) ? Encoding.Latin1.GetString(e.Value.Span).TrimEnd(' ', '\0') : null;

    /// <summary>A US, SS, UL, SL, IS value (the first of several), or null when absent or empty.</summary>
    public long? GetInteger(DicomTag tag)
    {
        if (!TryGet(tag, out var e) || e.Value.IsEmpty)
        {
            return null;
        }

        var v = e.Value.Span;
        return e.Vr.Code switch
        {
            "US" when v.Length >= 2 => BinaryPrimitives.ReadUInt16LittleEndian(v),
            "SS" when v.Length >= 2 => BinaryPrimitives.ReadInt16LittleEndian(v),
            "UL" when v.Length >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(v),
            "SL" when v.Length >= 4 => BinaryPrimitives.ReadInt32LittleEndian(v),
            "IS" or "DS" or "UN" or "LO" or "SH" => long.TryParse(GetString(tag)!.Split('\\')[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
                // The DICOS SDK writes Number of Frames (an IS) as a binary US; read implicitly, it arrives as IS.
                : v.Length == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(v)
                : v.Length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(v)
                : null,
            _ => null,
        };
    }

    /// <summary>The items of sequence <paramref name="tag"/>, or an empty list.</summary>
    public IReadOnlyList<DicomDataSet> GetItems(DicomTag tag) => TryGet(tag, out var e) && e.Items is { } items ? items : [];
}
