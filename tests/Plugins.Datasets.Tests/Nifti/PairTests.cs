using Conduit.Plugins.Datasets.Inspection;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Plugins.Datasets.Volumes;
using Conduit.Testing.Files;

namespace Conduit.Plugins.Datasets.Tests.Nifti;

/// <summary>NIfTI-1 <c>.hdr</c>/<c>.img</c> pairs (magic <c>ni1</c>), read from nifti-rs's minimal pair in both
/// compressions against nibabel's figures in SOURCES.md.</summary>
public sealed class PairTests
{
    [Theory]
    [InlineData("minimal.hdr", false)]
    [InlineData("minimal.img", false)]
    [InlineData("minimal.hdr.gz", true)]
    [InlineData("minimal.img.gz", true)]
    public void Either_file_of_a_pair_opens_the_image_with_nibabels_dims_and_sum(string name, bool compressed)
    {
        using var nifti = NiftiFile.Open(SharedNifti.File(Path.Combine("nifti-rs", name)));

        Assert.Equal("ni1", nifti.Header.Magic);
        Assert.Equal<long>([64, 64, 10], nifti.Header.Dims);
        Assert.Equal(NiftiDataType.UInt8, nifti.Header.DataType);
        Assert.Equal(compressed, nifti.Compressed);
        Assert.Equal(1290240, nifti.RawSum(new VolumeIndex(0)).Integer);
    }

    [Fact]
    public async Task Inspect_reads_a_pair_from_its_image_and_reports_the_scaling_in_effect()
    {
        var path = SharedNifti.File(Path.Combine("nifti-rs", "minimal.img"));
        var inspector = new NiftiInspector();

        var report = await inspector.InspectAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(Abstractions.Inspection.InspectionMatch.Extension, inspector.Match([], "minimal.img"));
        var fields = report.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal(1290240L, fields["rawSum"]);
        // The header's scl_slope is 0, which NIfTI-1 defines as no scaling: reported as 1 and 0, as nibabel does.
        Assert.Equal(0, NiftiFile.ReadHeader(path).SclSlope);
        Assert.Equal((1.0, 0.0), ((double)fields["sclSlope"]!, (double)fields["sclInter"]!));
    }

    [Fact]
    public void An_image_without_its_header_is_refused_naming_the_header_looked_for()
    {
        using var directory = new TemporaryDirectory();
        var image = directory.File("alone.img");
        File.Copy(SharedNifti.File(Path.Combine("nifti-rs", "minimal.img")), image);

        var error = Assert.Throws<DatasetDataException>(() => NiftiFile.Open(image));

        Assert.Contains("alone.hdr", error.Message, StringComparison.Ordinal);
        Assert.Contains("alone.img", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pair_header_saved_as_nii_is_refused_saying_it_belongs_to_a_pair()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("header.nii");
        File.Copy(SharedNifti.File(Path.Combine("nifti-rs", "minimal.hdr")), path);

        var error = Assert.Throws<DatasetDataException>(() => NiftiFile.Open(path));

        Assert.Contains(".hdr/.img pair", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pair_whose_image_is_short_is_refused_naming_the_image()
    {
        using var directory = new TemporaryDirectory();
        File.Copy(SharedNifti.File(Path.Combine("nifti-rs", "minimal.hdr")), directory.File("short.hdr"));
        File.WriteAllBytes(directory.File("short.img"), new byte[1000]);

        var error = Assert.Throws<DatasetDataException>(() => NiftiFile.Open(directory.File("short.hdr")));

        Assert.Contains("short.img", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }
}
