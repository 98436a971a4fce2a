using System.Buffers.Binary;
using Conduit.Plugins.Datasets.Nifti;
using Conduit.Testing.Files;

namespace Conduit.Plugins.Datasets.Tests.Nifti;

/// <summary>Headers that must be refused with the field and offset, never a crash.</summary>
public sealed class BadHeaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_wrong_sizeof_hdr_is_refused()
    {
        var error = Assert.Throws<DatasetDataException>(() => Open(bytes => BinaryPrimitives.WriteInt32LittleEndian(bytes, 123)));

        Assert.Contains("sizeof_hdr is 123", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "dim[0] is 0")]
    [InlineData(9, "dim[0] is 9")]
    public void An_impossible_number_of_dimensions_is_refused(short count, string expected)
    {
        var error = Assert.Throws<DatasetDataException>(() => Open(bytes => BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(40), count)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_dimension_is_refused()
    {
        var error = Assert.Throws<DatasetDataException>(() => Open(bytes => BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(44), -5)));

        Assert.Contains("dim[2] is -5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dimensions_whose_product_overflows_are_refused_in_NIfTI_2()
    {
        var header = NiftiFile.Open(SharedNifti.File("functional.nii")).Header with { Version = 2, Dims = [1L << 40, 1L << 40, 1L << 40] };
        var bytes = new byte[NiftiHeader.Nifti2Size + 4];
        NiftiHeaderWriter.Write(header with { VoxOffset = 544 }, bytes);

        var error = Assert.Throws<DatasetDataException>(() => NiftiHeader.Parse(bytes, "huge.nii"));

        Assert.Contains("overflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vox_offset_past_the_end_of_the_file_is_refused()
    {
        var error = Assert.Throws<DatasetDataException>(() => Open(bytes => BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(108), 1e9f)));

        Assert.Contains("vox_offset 1000000000 lies past the end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_data_is_refused_with_the_bytes_it_needs()
    {
        var error = Assert.Throws<DatasetDataException>(() => Open(_ => { }, cut: 1000));

        Assert.Contains("it is truncated", error.Message, StringComparison.Ordinal);
        Assert.Equal(352, error.Offset);
    }

    [Fact]
    public void A_datatype_nifti_does_not_define_is_refused_with_the_list_of_those_it_does()
    {
        var error = Assert.Throws<DatasetDataException>(() => Open(bytes => BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(70), 33)));

        Assert.Contains("datatype 33 is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("32 complex64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_extension_that_runs_past_vox_offset_is_refused()
    {
        // 16 bytes of extension space before the data; the one extension there claims 4096.
        var original = File.ReadAllBytes(SharedNifti.File("functional.nii"));
        var bytes = new byte[original.Length + 16];
        original.AsSpan(0, 348).CopyTo(bytes);
        original.AsSpan(352).CopyTo(bytes.AsSpan(368));
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(108), 368);
        bytes[348] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(352), 4096);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(356), 6);
        var path = _directory.File("extension.nii");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<DatasetDataException>(() => NiftiFile.Open(path));

        Assert.Contains("esize 4096", error.Message, StringComparison.Ordinal);
        Assert.Equal(352, error.Offset);
    }

    [Fact]
    public void More_volumes_than_an_index_can_hold_are_refused()
    {
        var error = Assert.Throws<DatasetDataException>(() => Open(bytes =>
        {
            // 1000 × 1000 × 1000 × 10 volumes of 17 × 21 × 3 voxels: the count fits a long, not an index.
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(40), 7);
            short[] extra = [1000, 1000, 1000, 10];
            for (var i = 0; i < 4; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(40 + (2 * (i + 4))), extra[i]);
            }
        }));

        Assert.Contains("volumes, more than this reader indexes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapped_volumes_are_never_offered_for_writing_in_place()
    {
        using var nifti = NiftiFile.Open(SharedNifti.File("functional.nii"));

        using var volume = nifti.MapVolume(new Volumes.VolumeIndex(0));

        Assert.False(volume.IsExclusive);
        Assert.Equal(Abstractions.Memory.LeaseOwnership.Mapped, volume.Ownership);
    }

    [Fact]
    public void Integer_sums_stay_integers_when_added_to_an_empty_sum()
    {
        using var nifti = NiftiFile.Open(SharedNifti.File("functional.nii"));

        var sum = default(VoxelSum) + nifti.RawSum(new Volumes.VolumeIndex(0));

        Assert.True(sum.IsInteger);
    }

    [Fact]
    public void The_base_affine_of_a_2D_image_uses_1_mm_for_the_missing_axis_as_nibabel_does()
    {
        var header = new NiftiHeader { Version = 1, Dims = [10, 20], DataType = NiftiDataType.UInt8, PixDim = [1, 2, 3, 0, 0, 0, 0, 0] };

        var affine = NiftiAffine.Of(header);

        Assert.Equal([-2.0, 0, 0, 9, 0, 3, 0, -28.5, 0, 0, 1, 0, 0, 0, 0, 1], affine);
    }

    [Fact]
    public void Random_corruption_of_a_header_is_refused_cleanly_or_read()
    {
        var original = File.ReadAllBytes(SharedNifti.File("functional.nii"));
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = 0; k < 6; k++)
            {
                bytes[random.Next(352)] = (byte)random.Next(256);
            }

            var path = _directory.File("fuzz.nii");
            File.WriteAllBytes(path, bytes[..random.Next(0, bytes.Length + 1)]);
            try
            {
                using var nifti = NiftiFile.Open(path);
                _ = nifti.Affine;
            }
            catch (DatasetDataException)
            {
            }
        }
    }

    private NiftiFile Open(Action<byte[]> corrupt, int? cut = null)
    {
        var bytes = File.ReadAllBytes(SharedNifti.File("functional.nii"));
        corrupt(bytes);
        var path = _directory.File($"{Guid.NewGuid():N}.nii");
        File.WriteAllBytes(path, cut is { } c ? bytes[..c] : bytes);
        return NiftiFile.Open(path);
    }
}
