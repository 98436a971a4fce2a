using System.Globalization;
using System.Text.Json;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;
using Conduit.Testing.Processes;

namespace Conduit.Plugins.Datasets.Tests.Nifti;

/// <summary>Every shared NIfTI file against SOURCES.md and against nibabel.</summary>
public sealed class SharedFilesTests
{
    [Fact]
    public void Every_file_opens_and_its_raw_sum_equals_SOURCES()
    {
        var rows = SharedNifti.RawSums();
        Assert.Equal(8, rows.Count);
        foreach (var (file, expected) in rows)
        {
            using var nifti = NiftiFile.Open(SharedNifti.File(file));
            var sum = Enumerable.Range(0, nifti.VolumeCount).Aggregate(default(VoxelSum), (s, v) => s + nifti.RawSum(new VolumeIndex(v)));
            Assert.True(expected == sum.Integer, $"{file}: raw sum {sum.Integer}, SOURCES.md says {expected}");
        }
    }

    [Fact]
    public void Scaled_mean_of_the_functional_image_uses_slope_and_intercept()
    {
        using var nifti = NiftiFile.Open(SharedNifti.File("functional.nii"));
        var h = nifti.Header;
        var sum = Enumerable.Range(0, nifti.VolumeCount).Aggregate(default(VoxelSum), (s, v) => s + nifti.RawSum(new VolumeIndex(v)));

        var mean = (h.SclSlope * sum.Real / (h.VolumeVoxels * h.Volumes)) + h.SclInter;

        Assert.Equal(3637.408514, mean, 6);
        Assert.Equal(0.0754069686, h.SclSlope, 9);
    }

    [Fact]
    public void Big_endian_and_NIfTI_2_files_are_read_with_their_layout()
    {
        using var big = NiftiFile.Open(SharedNifti.File("anatomical.nii"));
        using var two = NiftiFile.Open(SharedNifti.File("example_nifti2.nii.gz"));
        using var extended = NiftiFile.Open(SharedNifti.File("example4d.nii.gz"));

        Assert.True(big.Header.BigEndian);
        Assert.Equal([33L, 41, 25], big.Header.Dims);
        Assert.Equal(2, two.Header.Version);
        Assert.Equal(608, two.Header.VoxOffset);
        Assert.True(two.Compressed);
        Assert.NotEmpty(extended.Extensions);
    }

    [Fact]
    public async Task Affines_equal_nibabels()
    {
        PythonScript.Require("nibabel");
        var files = SharedNifti.RawSums().Select(r => SharedNifti.File(r.File)).ToArray();
        var output = await PythonScript.RunAsync("""
            import sys, json, nibabel as nib
            print(json.dumps({p: nib.load(p).affine.tolist() for p in sys.argv[1:]}))
            """, files);
        var expected = JsonSerializer.Deserialize<Dictionary<string, double[][]>>(output)!;

        foreach (var file in files)
        {
            using var nifti = NiftiFile.Open(file);
            var ours = nifti.Affine;
            var theirs = expected[file].SelectMany(r => r).ToArray();
            for (var i = 0; i < 16; i++)
            {
                Assert.True(Math.Abs(ours[i] - theirs[i]) < 1e-5, string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)} affine[{i / 4},{i % 4}]: ours {ours[i]}, nibabel {theirs[i]}"));
            }
        }
    }
}
