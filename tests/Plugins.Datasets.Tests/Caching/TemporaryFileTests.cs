using System.Globalization;
using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Datasets.Tests.Caching;

/// <summary>Temporary files belong to a lease: removed on success, failure and cancellation, and after a crash at the
/// next start.</summary>
[Collection(nameof(RunsAlone))]
public sealed class TemporaryFileTests
{
    [Fact]
    public void No_temporary_file_is_left_by_the_tests_that_ran_before()
    {
        Assert.Empty(TemporaryFiles.OwnedByThisProcess());
    }

    [Fact]
    public void A_decompressed_copy_exists_while_the_image_is_open_and_is_removed_when_it_is_disposed()
    {
        var nifti = NiftiFile.Open(SharedNifti.File("example4d.nii.gz"));
        Assert.Single(TemporaryFiles.OwnedByThisProcess());

        nifti.Dispose();

        Assert.Empty(TemporaryFiles.OwnedByThisProcess());
    }

    [Fact]
    public void A_corrupt_gzip_leaves_no_temporary_file()
    {
        var bytes = File.ReadAllBytes(SharedNifti.File("example4d.nii.gz"));
        var path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.nii.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        try
        {
            Assert.ThrowsAny<Exception>(() => NiftiFile.Open(path));
            Assert.Empty(TemporaryFiles.OwnedByThisProcess());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Leftovers_of_a_process_that_no_longer_runs_are_removed()
    {
        var folder = TemporaryFiles.Directory;
        var dead = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{int.MaxValue - 7}-{Guid.NewGuid():N}.tmp"));
        var ours = TemporaryFiles.Create("test", 0);
        File.WriteAllText(dead, "left by a crash");
        File.WriteAllText(ours.Path, "still in use");

        var removed = TemporaryFiles.RemoveLeftovers(folder);

        Assert.True(removed >= 1);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(ours.Path));
        ours.Dispose();
        Assert.False(File.Exists(ours.Path));
    }

    [Fact]
    public async Task Cancelling_a_cache_write_in_the_middle_leaves_neither_output_nor_temporary_file()
    {
        using var harness = new StageHarness();
        using var cancel = new CancellationTokenSource();
        var stage = new CacheDatasetStage(new CacheDatasetOptions { Path = SharedNifti.File("example4d.nii.gz"), Output = "cache.h5" });
        var context = new CancelOnProgress(harness.Context, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stage.RunAsync(context, System.Threading.Channels.Channel.CreateUnbounded<Abstractions.Messages.ImageFrame>(), cancel.Token));
        harness.Outputs.DiscardAll();

        Assert.True(cancel.IsCancellationRequested);
        Assert.Empty(TemporaryFiles.OwnedByThisProcess());
        Assert.Empty(Directory.GetFiles(harness.Directory.Path, "*", SearchOption.AllDirectories));
    }
}
