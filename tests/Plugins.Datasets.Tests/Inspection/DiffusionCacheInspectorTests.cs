using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Inspection;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Plotting;
using Conduit.Plugins.Datasets.Volumes;
using Conduit.Testing.Files;

namespace Conduit.Plugins.Datasets.Tests.Inspection;

/// <summary>The diffusion caches datasets.cache writes, recognised among HDF5 files, inspected and drawn.</summary>
public sealed class DiffusionCacheInspectorTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_cache_is_recognised_by_its_layout_and_sums_to_its_sources_kept_volumes()
    {
        var folder = SharedNifti.File("dipy");
        var cache = _directory.File("dwi.h5");
        var gradients = GradientTable.ReadFsl(Path.Combine(folder, "small_64D.bval"), Path.Combine(folder, "small_64D.bvec"));
        var kept = gradients.WithoutB0();
        var expected = default(VoxelSum);
        using (var nifti = NiftiFile.Open(Path.Combine(folder, "small_64D.nii")))
        {
            await using (var stream = File.Create(cache))
            {
                DiffusionCacheWriter.Write(nifti, stream, kept, new DiffusionCacheOptions { Gradients = gradients }, cancellationToken: TestContext.Current.CancellationToken);
            }

            for (var v = 0; v < nifti.VolumeCount; v++)
            {
                expected += kept.ToFiltered(new VolumeIndex(v)) is null ? default : nifti.RawSum(new VolumeIndex(v));
            }
        }

        var inspector = new DiffusionCacheInspector();
        var header = (await File.ReadAllBytesAsync(cache, TestContext.Current.CancellationToken))[..4096];
        var report = await inspector.InspectAsync(cache, TestContext.Current.CancellationToken);

        Assert.Equal(InspectionMatch.Content, inspector.Match(header, cache));
        Assert.Equal(InspectionMatch.None, inspector.Match(header.AsSpan(0, 8), Path.Combine(folder, "small_64D.nii")));
        var fields = report.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal([10L, 10, 10, 64], (long[])fields["dims"]!);
        Assert.Equal(expected.Integer, (long)fields["rawSum"]!);
        Assert.Equal((64, "small_64D.nii"), ((int?)fields["bValues"], (string?)fields["source"]));
        using var picture = new MemoryStream();
        await new DiffusionCachePlotter().PlotAsync(cache, new PlotRequest { Volume = 3 }, picture, TestContext.Current.CancellationToken);
        Assert.True(picture.Length > 1000);
    }
}
