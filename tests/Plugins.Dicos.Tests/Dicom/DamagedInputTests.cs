using System.Buffers.Binary;
using System.Diagnostics;
using Conduit.Plugins.Dicos.Codecs;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Threats;
using FsCheck;
using FsCheck.Fluent;

namespace Conduit.Plugins.Dicos.Tests.Dicom;

/// <summary>Truncated, corrupted and fuzzed files: read, or refused with a <see cref="DicomDataException"/> that names
/// the offset, quickly; never another exception, a hang or an allocation the file cannot back.</summary>
public sealed class DamagedInputTests
{
    [Fact]
    public void Every_truncation_of_every_shared_file_is_read_or_refused_cleanly()
    {
        foreach (var path in DicosTools.SharedFiles)
        {
            var bytes = File.ReadAllBytes(path);
            var step = Math.Max(1, bytes.Length / 400);
            for (var length = 0; length < bytes.Length; length += step)
            {
                ReadOrRefuse(bytes[..length], $"{Path.GetFileName(path)} cut at {length}");
            }
        }
    }

    [Fact]
    public void Mutated_shared_files_are_read_or_refused_cleanly()
    {
        var files = DicosTools.SharedFiles.Select(File.ReadAllBytes).ToArray();
        var mutation =
            from file in Gen.Choose(0, files.Length - 1)
            from position in Gen.Choose(0, int.MaxValue)
            from kind in Gen.Choose(0, 3)
            from value in Gen.Choose(0, 255)
            select (file, position, kind, value);

        Prop.ForAll(mutation.ToArbitrary(), m =>
        {
            var bytes = files[m.file].ToArray();
            var at = m.position % bytes.Length;
            switch (m.kind)
            {
                case 0:
                    bytes[at] = (byte)m.value;
                    break;
                case 1:
                    // A length field set to something huge or undefined.
                    if (at + 4 <= bytes.Length)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), m.value % 2 == 0 ? 0xFFFFFFFF : 0x7FFFFFF0);
                    }

                    break;
                case 2:
                    bytes[at] ^= 0xFF;
                    break;
                default:
                    bytes = bytes[..at];
                    break;
            }

            var clock = Stopwatch.StartNew();
            ReadOrRefuse(bytes, $"mutation {m}");
            return clock.Elapsed < TimeSpan.FromSeconds(5);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void Random_bytes_given_to_the_decoders_end_in_a_clear_error()
    {
        var input =
            from length in Gen.Choose(0, 400)
            from seed in Gen.Choose(0, int.MaxValue)
            select (length, seed);
        Prop.ForAll(input.ToArbitrary(), i =>
        {
            var random = new Random(i.seed);
            var bytes = new byte[i.length];
            random.NextBytes(bytes);
            if (bytes.Length > 2)
            {
                (bytes[0], bytes[1]) = (0xFF, 0xD8);
            }

            var output = new byte[64 * 64 * 2];
            try
            {
                JpegLosslessDecoder.Decode(bytes, output, 2);
            }
            catch (DicomDataException)
            {
            }

            try
            {
                RleDecoder.Decode(bytes, output, 64 * 64, 1, 2);
            }
            catch (DicomDataException)
            {
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void A_huge_length_is_refused_with_the_tag_and_offset()
    {
        var bytes = File.ReadAllBytes(Path.Combine(DicosTools.Shared, "SimpleCT0000.dcs"));
        // (0008,0008) CS of the data set, right after the file meta information: give it a length past the end.
        var at = bytes.AsSpan().IndexOf(new byte[] { 0x08, 0x00, 0x08, 0x00, (byte)'C', (byte)'S' });
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 6), 0xFFF0);
        var truncated = bytes[..(at + 200)];

        var error = Assert.Throws<DicomDataException>(() => DicomReader.Read(truncated, "ct.dcs"));

        Assert.Equal($"ct.dcs at byte {at}: (0008,0008): needs 65528 bytes from offset {at} but only 200 remain", error.Message);
    }

    private static void ReadOrRefuse(byte[] bytes, string what)
    {
        try
        {
            var file = DicomReader.Read(bytes, what);
            if (ThreatReport.IsReport(file))
            {
                ThreatReport.Read(file);
            }

            if (file.DataSet.Contains(DicomTag.PixelData))
            {
                var image = new DicomImage(file);
                if (image.FrameBytes <= 64 << 20)
                {
                    image.StoredSum(0);
                }
            }
        }
        catch (DicomDataException)
        {
        }
    }
}
