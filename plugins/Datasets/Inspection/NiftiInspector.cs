using System.Globalization;
using Conduit.Abstractions.Inspection;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;

namespace Conduit.Plugins.Datasets.Inspection;

/// <summary>
/// <c>conduit inspect</c> for NIfTI-1/2 images (<c>.nii</c>, <c>.nii.gz</c>, and either file of a <c>.hdr</c>/<c>.img</c>
/// pair, gzipped or not): version, byte order, dimensions,
/// datatype, scaling, affine, extensions and the sum of the stored values (every volume is read once).
/// </summary>
public sealed class NiftiInspector : IFileInspector
{
    /// <inheritdoc />
    public string Format => "NIfTI image";

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName)
    {
        if (header.Length >= 348 && (header[344..347].SequenceEqual("n+1"u8) || header[344..347].SequenceEqual("ni1"u8) || header[4..7].SequenceEqual("n+2"u8) || header[4..7].SequenceEqual("ni2"u8)))
        {
            return InspectionMatch.Content;
        }

        return fileName.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) || NiftiPair.IsPairName(fileName)
            ? InspectionMatch.Extension
            : InspectionMatch.None;
    }

    /// <inheritdoc />
    public ValueTask<InspectionReport> InspectAsync(string path, CancellationToken cancellationToken)
    {
        using var file = NiftiFile.Open(path, cancellationToken);
        var h = file.Header;
        var sum = default(VoxelSum);
        for (var v = 0; v < file.VolumeCount; v++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sum += file.RawSum(new VolumeIndex(v));
        }

        var voxels = h.VolumeVoxels * h.Volumes * (h.DataType.IsComplex() ? 1 : h.DataType.ValuesPerVoxel());
        // The scaling in effect: scl_slope 0 (or not finite) means none at all (NIfTI-1), so 1 and 0 are reported.
        var scaled = h.SclSlope != 0 && double.IsFinite(h.SclSlope);
        var slope = scaled ? h.SclSlope : 1;
        var inter = scaled && double.IsFinite(h.SclInter) ? h.SclInter : 0;
        var affine = file.Affine;
        var fields = new List<InspectionField>
        {
            new("niftiVersion", h.Version),
            new("byteOrder", h.BigEndian ? "big-endian" : "little-endian"),
            new("compressed", file.Compressed),
            new("dims", h.Dims.ToArray()),
            new("datatype", h.DataType.Name()),
            new("voxelSize", h.PixDim.Skip(1).Take(h.Dims.Count).ToArray()),
            new("sclSlope", slope),
            new("sclInter", inter),
            new("rawSum", RawSum(sum)),
            new("scaledMean", sum.NotDecoded || sum.IsComplex ? null : (slope * sum.Real / voxels) + inter),
            new("affine", new[] { affine[0..4], affine[4..8], affine[8..12], affine[12..16] }),
            new("qformCode", h.QformCode),
            new("sformCode", h.SformCode),
            new("voxOffset", h.VoxOffset, "bytes"),
            new("extensions", file.Extensions.Count),
            new("description", h.Description),
        };
        IReadOnlyList<InspectionTable> tables = sum.NotDecoded
            ? [new InspectionTable("notes", ["note"], [[$"{h.DataType.Name()} values are not decoded: NIfTI does not say whether a 128-bit long double is IEEE binary128 or x87 80-bit extended precision (numpy's float128 on x86), and each gives other numbers"]])]
            : [];
        return ValueTask.FromResult(new InspectionReport(Format, path, fields, tables));
    }

    /// <summary>Integers exactly, reals as doubles, complex values as <c>re=…;im=…</c>, undecoded values as null.</summary>
    private static object? RawSum(VoxelSum sum) =>
        sum.NotDecoded ? null
        : sum.IsComplex ? string.Create(CultureInfo.InvariantCulture, $"re={sum.Real:R};im={sum.Imaginary:R}")
        : sum.IsInteger ? sum.Integer : (object)sum.Real;
}
