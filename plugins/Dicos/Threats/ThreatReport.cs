using System.Buffers.Binary;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Threats;

/// <summary>
/// What a DICOS Threat Detection Report says: its alarm decision and its potential threat objects with voxel ROIs
/// (the 2D bounding polygons of DX reports are not read yet). Every ROI is checked against its bitmap's length, so a
/// damaged report is an error naming the tag and offset, never a read past the bitmap. An object whose bitmap is
/// empty or absent is given by its box alone (<see cref="ThreatObject.HasMask"/> false), as the DICOS SDK writes it.
/// </summary>
/// <param name="AlarmDecision">ALARM, CLEAR or empty.</param>
/// <param name="Threats">The objects with a voxel ROI.</param>
/// <param name="ReferencedSopInstanceUids">The images the objects reference, in order of first mention.</param>
public sealed record ThreatReport(string AlarmDecision, IReadOnlyList<ThreatObject> Threats, IReadOnlyList<string> ReferencedSopInstanceUids)
{
    private static readonly DicomTag ThreatSequence = new(0x4010, 0x1011);

    /// <summary>True when <paramref name="file"/> is a threat detection report.</summary>
    public static bool IsReport(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.DataSet.GetString(DicomKeywords.SopClassUid) == Objects.DicosSopClasses.ThreatDetectionReport || file.DataSet.Contains(ThreatSequence);
    }

    /// <summary>Reads the report in <paramref name="file"/>.</summary>
    /// <exception cref="DicomDataException">An ROI is impossible or larger than its bitmap.</exception>
    public static ThreatReport Read(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var threats = new List<ThreatObject>();
        var references = new List<string>();
        foreach (var item in file.DataSet.GetItems(ThreatSequence))
        {
            var id = (int)(item.GetInteger(new DicomTag(0x4010, 0x1010)) ?? threats.Count + 1);
            foreach (var representation in item.GetItems(new DicomTag(0x4010, 0x1037)))
            {
                foreach (var reference in representation.GetItems(new DicomTag(0x0008, 0x114A)))
                {
                    if (reference.GetString(new DicomTag(0x0008, 0x1155)) is { Length: > 0 } uid && !references.Contains(uid))
                    {
                        references.Add(uid);
                    }
                }

                foreach (var roi in representation.GetItems(new DicomTag(0x4010, 0x1001)))
                {
                    threats.Add(Roi(file.Path, id, roi));
                }
            }
        }

        return new ThreatReport(file.DataSet.GetString(new DicomTag(0x4010, 0x1031)) ?? string.Empty, threats, references);
    }

    private static ThreatObject Roi(string path, int id, DicomDataSet roi)
    {
        var baseTag = new DicomTag(0x4010, 0x1004);
        var extentsTag = new DicomTag(0x4010, 0x1005);
        var bitmapTag = new DicomTag(0x4010, 0x1006);
        if (!roi.TryGet(baseTag, out var baseElement) || !roi.TryGet(extentsTag, out var extentsElement))
        {
            throw new DicomDataException(path, $"threat object {id}: a Threat ROI Voxel item needs {baseTag} and {extentsTag}", -1);
        }

        var origin = Triple(path, baseElement, -1e6, 1e6);
        var size = Triple(path, extentsElement, 1, 65535);
        if (!roi.TryGet(bitmapTag, out var bitmapElement) || bitmapElement.Value.Length == 0)
        {
            return new ThreatObject(id, origin, size, [], 0);
        }

        var bits = (long)size.X * size.Y * size.Z;
        var bitmap = bitmapElement.Value;
        if (bitmap.Length * 8L < bits)
        {
            throw new DicomDataException(path, $"threat object {id}: {bitmapTag} holds {bitmap.Length * 8L} bits; extents {size.X} × {size.Y} × {size.Z} need {bits}", bitmapElement.Offset);
        }

        var copy = bitmap.ToArray();
        long voxels = 0;
        for (long bit = 0; bit < bits; bit++)
        {
            voxels += (copy[bit >> 3] >> (int)(bit & 7)) & 1;
        }

        return new ThreatObject(id, origin, size, copy, voxels);
    }

    private static (int X, int Y, int Z) Triple(string path, DicomElement element, double min, double max)
    {
        var value = element.Value.Span;
        var vr = element.Vr.Code;
        var width = vr == "FD" ? 8 : 4;
        if (vr is not ("FL" or "FD") || value.Length < 3 * width)
        {
            throw new DicomDataException(path, $"{element.Tag} must hold three FL values; it is {vr} of {value.Length} bytes", element.Offset);
        }

        var v = new double[3];
        for (var i = 0; i < 3; i++)
        {
            v[i] = width == 8 ? BinaryPrimitives.ReadDoubleLittleEndian(value[(i * 8)..]) : BinaryPrimitives.ReadSingleLittleEndian(value[(i * 4)..]);
            if (!(v[i] >= min && v[i] <= max) || v[i] != Math.Round(v[i]))
            {
                throw new DicomDataException(path, $"{element.Tag} value {i + 1} is {v[i]}; voxel coordinates are whole numbers from {min} to {max}", element.Offset);
            }
        }

        return ((int)v[0], (int)v[1], (int)v[2]);
    }
}
