using System.Globalization;
using System.Runtime.InteropServices;
using Conduit.Plugins.Datasets.Inspection;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;
using Conduit.Tests;

namespace Conduit.Plugins.Datasets.Tests.Nifti;

/// <summary>Every datatype NIfTI-1 defines: read, summed as inspect reports it, and (where nibabel is installed) the same
/// as nibabel's sum of the same file.</summary>
public sealed class DataTypeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Complex64_sums_its_real_and_imaginary_parts_apart()
    {
        var parts = Enumerable.Range(0, 2 * 24).Select(i => i % 2 == 0 ? i * 0.5f : -i * 0.25f).ToArray();
        var path = await WriteAsync(NiftiDataType.Complex64, MemoryMarshal.AsBytes(parts.AsSpan()).ToArray());

        var fields = await InspectAsync(path);

        var (re, im) = (parts.Where((_, i) => i % 2 == 0).Sum(v => (double)v), parts.Where((_, i) => i % 2 == 1).Sum(v => (double)v));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"re={re:R};im={im:R}"), fields["rawSum"]);
        Assert.Equal("complex64", fields["datatype"]);
        Assert.Null(fields["scaledMean"]);
    }

    [Fact]
    public async Task Complex128_sums_its_real_and_imaginary_parts_apart()
    {
        var parts = Enumerable.Range(0, 2 * 24).Select(i => i % 2 == 0 ? i * 1.5 : -i * 0.125).ToArray();
        var path = await WriteAsync(NiftiDataType.Complex128, MemoryMarshal.AsBytes(parts.AsSpan()).ToArray());

        var fields = await InspectAsync(path);

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"re={parts.Where((_, i) => i % 2 == 0).Sum():R};im={parts.Where((_, i) => i % 2 == 1).Sum():R}"), fields["rawSum"]);
    }

    [Theory]
    [InlineData(NiftiDataType.Int8)]
    [InlineData(NiftiDataType.UInt16)]
    [InlineData(NiftiDataType.UInt32)]
    [InlineData(NiftiDataType.Int64)]
    [InlineData(NiftiDataType.UInt64)]
    [InlineData(NiftiDataType.Rgb24)]
    [InlineData(NiftiDataType.Rgba32)]
    public async Task Integer_types_sum_every_stored_value(NiftiDataType type)
    {
        var bytes = Enumerable.Range(0, 24 * type.BytesPerVoxel()).Select(i => (byte)((i * 37) + 11)).ToArray();
        var path = await WriteAsync(type, bytes);

        var fields = await InspectAsync(path);

        long expected = type switch
        {
            NiftiDataType.Int8 => MemoryMarshal.Cast<byte, sbyte>(bytes).ToArray().Sum(v => (long)v),
            NiftiDataType.UInt16 => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray().Sum(v => (long)v),
            NiftiDataType.UInt32 => MemoryMarshal.Cast<byte, uint>(bytes).ToArray().Sum(v => (long)v),
            NiftiDataType.Int64 => MemoryMarshal.Cast<byte, long>(bytes).ToArray().Aggregate(0L, (a, v) => unchecked(a + v)),
            NiftiDataType.UInt64 => MemoryMarshal.Cast<byte, ulong>(bytes).ToArray().Aggregate(0L, (a, v) => unchecked(a + (long)v)),
            _ => bytes.Sum(v => (long)v),
        };
        Assert.Equal(expected, fields["rawSum"]);
        Assert.Equal(type.Name(), fields["datatype"]);
    }

    [Theory]
    [InlineData("complex32.nii", "complex64", "re=6;im=6")]
    [InlineData("complex64.nii", "complex128", "re=6;im=6")]
    [InlineData("rgb_3D.nii", "rgb24", 330L)]
    [InlineData("rgba_4D.nii", "rgba32", 660L)]
    [InlineData("int8.nii", "int8", 351L)]
    [InlineData("uint16.nii", "uint16", 351L)]
    [InlineData("uint32.nii", "uint32", 351L)]
    [InlineData("int64.nii", "int64", 351L)]
    [InlineData("uint64.nii", "uint64", 351L)]
    public async Task Real_files_of_every_datatype_sum_as_nibabel_sums_them(string file, string datatype, object nibabelSum)
    {
        // tests/data/nifti/SOURCES.md, nifti-rs: raw sums from nibabel.
        var fields = await InspectAsync(Path.Combine(TestData.Folder("nifti"), "nifti-rs", file));

        Assert.Equal(datatype, fields["datatype"]);
        Assert.Equal(nibabelSum, fields["rawSum"]);
    }

    [Theory]
    [InlineData(NiftiDataType.Float128)]
    [InlineData(NiftiDataType.Complex256)]
    public async Task Long_double_images_are_read_but_not_summed_and_a_note_says_why(NiftiDataType type)
    {
        var path = await WriteAsync(type, new byte[24 * type.BytesPerVoxel()]);

        var report = await new NiftiInspector().InspectAsync(path, TestContext.Current.CancellationToken);

        var fields = report.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Null(fields["rawSum"]);
        Assert.Equal(new long[] { 2, 3, 4 }, (long[])fields["dims"]!);
        var note = (string)Assert.Single(report.Tables.Single(t => t.Name == "notes").Rows)[0]!;
        Assert.Contains("x87 80-bit extended", note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int8")]
    [InlineData("uint16")]
    [InlineData("uint32")]
    [InlineData("int64")]
    [InlineData("uint64")]
    [InlineData("complex64")]
    [InlineData("complex128")]
    public async Task Images_nibabel_writes_sum_as_nibabel_sums_them(string dtype)
    {
        PythonScript.Require("numpy", "nibabel");
        var path = _directory.File(dtype + ".nii");
        var expected = (await PythonScript.RunAsync(
            """
            import sys, numpy as np, nibabel as nib
            dtype = np.dtype(sys.argv[2])
            rng = np.random.default_rng(7)
            if dtype.kind == 'c':
                data = (rng.normal(size=(5, 4, 3, 2)) + 1j * rng.normal(size=(5, 4, 3, 2))).astype(dtype)
            else:
                info = np.iinfo(dtype)
                data = rng.integers(max(info.min, -1000), min(info.max, 100000), size=(5, 4, 3, 2)).astype(dtype)
            # nibabel asks for 64-bit integer types to be chosen explicitly.
            nib.save(nib.Nifti1Image(data, np.eye(4), dtype=dtype), sys.argv[1])
            stored = np.asanyarray(nib.load(sys.argv[1]).dataobj)
            if dtype.kind == 'c':
                print(f"re={float(stored.real.astype(np.float64).sum())!r};im={float(stored.imag.astype(np.float64).sum())!r}")
            else:
                print(int(stored.astype(np.int64).sum()))
            """,
            path, dtype)).Trim();

        var fields = await InspectAsync(path);

        if (dtype.StartsWith("complex", StringComparison.Ordinal))
        {
            var ours = Parts((string)fields["rawSum"]!);
            var theirs = Parts(expected);
            Assert.Equal(theirs.Re, ours.Re, 9);
            Assert.Equal(theirs.Im, ours.Im, 9);
        }
        else
        {
            Assert.Equal(long.Parse(expected, CultureInfo.InvariantCulture), fields["rawSum"]);
        }
    }

    private static (double Re, double Im) Parts(string sum)
    {
        var parts = sum.Split(';').Select(p => double.Parse(p[3..], CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], parts[1]);
    }

    private static async Task<Dictionary<string, object?>> InspectAsync(string path)
    {
        var report = await new NiftiInspector().InspectAsync(path, TestContext.Current.CancellationToken);
        return report.Fields.ToDictionary(f => f.Name, f => f.Value);
    }

    /// <summary>A 2 × 3 × 4 image of <paramref name="type"/> holding <paramref name="voxels"/>.</summary>
    private async Task<string> WriteAsync(NiftiDataType type, byte[] voxels)
    {
        var path = _directory.File(type.Name() + ".nii");
        await using var stream = File.Create(path);
        var writer = await NiftiWriter.BeginAsync(stream, new NiftiHeader { Version = 1, Dims = [2, 3, 4], DataType = type, PixDim = [1, 1, 1, 1, 1, 1, 1, 1], SclSlope = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        await writer.WriteVolumeAsync(voxels, TestContext.Current.CancellationToken);
        await writer.CompleteAsync(cancellationToken: TestContext.Current.CancellationToken);
        return path;
    }
}
