using Conduit.Plugins.Datasets.Caching;

namespace Conduit.Plugins.Datasets.Tests.Caching;

/// <summary>Temporary disk is a budget shared by every decompression of the process.</summary>
[Collection(nameof(RunsAlone))]
public sealed class TemporaryDiskTests
{
    [Fact]
    public void Files_held_at_once_stay_within_the_limit_and_a_disposed_one_gives_its_grant_back()
    {
        var before = Environment.GetEnvironmentVariable("CONDUIT_DATASETS_TEMP_LIMIT");
        Environment.SetEnvironmentVariable("CONDUIT_DATASETS_TEMP_LIMIT", "1 MiB");
        try
        {
            var first = TemporaryFiles.Create("a.nii.gz", 800 << 10);

            var refused = Assert.Throws<DatasetDataException>(() => TemporaryFiles.Create("b.nii.gz", 400 << 10));
            Assert.Throws<DatasetDataException>(() => TemporaryFiles.RequireSpace("b.nii.gz", 400 << 10));
            first.Dispose();
            using var second = TemporaryFiles.Create("b.nii.gz", 400 << 10);

            Assert.Contains("b.nii.gz", refused.Message, StringComparison.Ordinal);
            Assert.Contains("already hold 800 KiB of the 1 MiB CONDUIT_DATASETS_TEMP_LIMIT allows", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CONDUIT_DATASETS_TEMP_LIMIT", before);
        }
    }

    [Fact]
    public void What_other_files_have_yet_to_write_is_not_counted_as_free_twice()
    {
        var free = new DriveInfo(TemporaryFiles.Directory).AvailableFreeSpace - TemporaryFiles.ReservedFreeBytes;
        Assert.SkipWhen(free < 3L << 30, "the temporary folder's disk has less than 4 GiB free");

        // Granted but not written yet: the free space it will take is spoken for. Other processes write and delete
        // files meanwhile, so the claim leaves 2 GiB and the second asks 4 GiB: the answer holds while the free space
        // moves by less than 2 GiB either way.
        using var claim = TemporaryFiles.Create("a.nii.gz", free - (2L << 30));

        var refused = Assert.Throws<DatasetDataException>(() => TemporaryFiles.Create("b.nii.gz", 4L << 30));
        Assert.Contains("other decompressions still need", refused.Message, StringComparison.Ordinal);
    }
}
