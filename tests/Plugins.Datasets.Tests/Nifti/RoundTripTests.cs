using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;

namespace Conduit.Plugins.Datasets.Tests.Nifti;

/// <summary>What we write, read back by nibabel and h5py under /usr/bin/python3 and by our own reader.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("functional.nii", 1)]
    [InlineData("anatomical.nii", 2)]
    [InlineData("example_nifti2.nii.gz", 1)]
    [InlineData("dipy/S0_10slices.nii.gz", 2)]
    public async Task A_written_image_reads_back_identically_in_nibabel_and_here(string file, int version)
    {
        PythonScript.Require("nibabel", "numpy");
        var source = SharedNifti.File(file);
        var output = _directory.File($"copy{version}.nii");
        using (var nifti = NiftiFile.Open(source))
        {
            await using var stream = File.Create(output);
            var writer = await NiftiWriter.BeginAsync(stream, nifti.Header with { Version = version }, nifti.Extensions, TestContext.Current.CancellationToken);
            var buffer = new byte[nifti.Header.VolumeBytes];
            for (var v = 0; v < nifti.VolumeCount; v++)
            {
                nifti.ReadVolume(new VolumeIndex(v), buffer);
                await writer.WriteVolumeAsync(buffer, TestContext.Current.CancellationToken);
            }

            await writer.CompleteAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        var result = await PythonScript.RunAsync("""
            import sys, numpy as np, nibabel as nib
            a, b = nib.load(sys.argv[1]), nib.load(sys.argv[2])
            same = np.array_equal(np.asarray(a.dataobj), np.asarray(b.dataobj)) and a.shape == b.shape
            print(same, np.allclose(a.affine, b.affine, atol=1e-5), a.header['sizeof_hdr'], a.get_data_dtype().str[1:] == b.get_data_dtype().str[1:],
                  str(a.header.get_slope_inter()) == str(b.header.get_slope_inter()), len(a.header.extensions) == len(b.header.extensions))
            """, output, source);

        Assert.Equal($"True True {(version == 1 ? 348 : 540)} True True True", result.Trim());
        using var back = NiftiFile.Open(output);
        using var original = NiftiFile.Open(source);
        Assert.Equal(original.RawSum(new VolumeIndex(0)), back.RawSum(new VolumeIndex(0)));
    }

    [Fact]
    public async Task The_HDF5_cache_reads_back_in_h5py_with_the_filtered_volumes_and_their_original_indices()
    {
        PythonScript.Require("h5py", "nibabel", "numpy");
        var folder = SharedNifti.File("dipy");
        var output = _directory.File("dwi.h5");
        var gradients = GradientTable.ReadFsl(Path.Combine(folder, "small_64D.bval"), Path.Combine(folder, "small_64D.bvec"));
        using (var nifti = NiftiFile.Open(Path.Combine(folder, "small_64D.nii")))
        {
            await using var stream = File.Create(output);
            DiffusionCacheWriter.Write(nifti, stream, gradients.WithoutB0(), new DiffusionCacheOptions { Gradients = gradients, Compress = true, VolumesPerChunk = 4 }, cancellationToken: TestContext.Current.CancellationToken);
        }

        var result = await PythonScript.RunAsync("""
            import sys, numpy as np, nibabel as nib, h5py
            img = nib.load(sys.argv[2]); raw = np.asarray(img.dataobj)
            bvals = np.loadtxt(sys.argv[3])
            keep = np.where(bvals > 50)[0]
            with h5py.File(sys.argv[1], 'r') as f:
                d = f['data']
                print(d.shape, d.dtype, d.chunks, d.compression,
                      np.array_equal(d[:], np.transpose(raw[..., keep], (3, 2, 1, 0))),
                      np.allclose(f['affine'][:], img.affine), np.array_equal(f['volume_index'][:], keep),
                      np.allclose(f['bvals'][:], bvals[keep]), f.attrs['layout'])
            """, output, Path.Combine(folder, "small_64D.nii"), Path.Combine(folder, "small_64D.bval"));

        Assert.Equal("(64, 10, 10, 10) int16 (4, 10, 10, 10) gzip True True True True conduit-diffusion", result.Trim());
    }

    [Fact]
    public void Filtering_keeps_two_index_spaces_apart_and_maps_them_explicitly()
    {
        var folder = SharedNifti.File("dipy");
        var gradients = GradientTable.ReadFsl(Path.Combine(folder, "small_25.bval"), Path.Combine(folder, "small_25.bvec"));

        var selection = gradients.WithoutB0();

        Assert.Equal(26, selection.OriginalCount);
        Assert.Equal(25, selection.Count);
        Assert.Equal(new VolumeIndex(1), selection.ToOriginal(new FilteredVolumeIndex(0)));
        Assert.Equal(new FilteredVolumeIndex(24), selection.ToFiltered(new VolumeIndex(25)));
        Assert.Null(selection.ToFiltered(new VolumeIndex(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => selection.ToOriginal(new FilteredVolumeIndex(25)));
        Assert.Equal((0.0, 0.0, 0.0), gradients.BVectors[0]);
    }

    [Fact]
    public async Task The_cache_reads_back_here_volume_for_volume_and_streams_as_frames()
    {
        var image = SharedNifti.File("example4d.nii.gz");
        var output = _directory.File("example.h5");
        using var nifti = NiftiFile.Open(image);
        await using (var stream = File.Create(output))
        {
            DiffusionCacheWriter.Write(nifti, stream, null, new DiffusionCacheOptions(), cancellationToken: TestContext.Current.CancellationToken);
        }

        using var cache = DiffusionCacheReader.Open(output);
        Assert.Equal((2, 24L, 96L, 128L), (cache.Volumes, cache.Z, cache.Y, cache.X));
        Assert.Equal(nifti.Affine, cache.Affine);
        var expected = new byte[nifti.Header.VolumeBytes];
        var actual = new byte[cache.VolumeBytes];
        for (var v = 0; v < cache.Volumes; v++)
        {
            nifti.ReadVolume(new VolumeIndex(v), expected);
            cache.ReadVolume(new FilteredVolumeIndex(v), actual);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"volume {v} differs");
        }

        using var harness = new Conduit.Testing.Stages.StageHarness();
        var frames = await harness.RunSourceAsync(new Stages.OpenDatasetStage(new Stages.OpenDatasetOptions { Path = output }));
        Assert.Equal(48, frames.Count);
        Assert.True(expected.AsSpan(23 * 128 * 96 * 2).SequenceEqual(frames[^1].Pixels.Span[..(128 * 96 * 2)]));
        foreach (var frame in frames)
        {
            frame.Dispose();
        }
    }
}
