using System.Buffers.Binary;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Pulseq.Inspection;
using Conduit.Plugins.Pulseq.Plotting;
using Conduit.Plugins.Pulseq.Stages;
using Conduit.Testing.Files;

namespace Conduit.Plugins.Pulseq.Tests.Inspection;

/// <summary>The sparse streams pulseq.export writes, read back by inspect and plot, and damaged ones refused.</summary>
public sealed class SparseStreamInspectorTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Inspect_counts_records_and_frames_and_sums_every_stored_sample_per_channel()
    {
        var path = Write(out var sums);

        var report = await new SparseStreamInspector().InspectAsync(path, TestContext.Current.CancellationToken);

        var fields = report.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal((4, 1e6, 30L, 3L, 2L, 20L, 10L, 2), ((int)fields["channels"]!, (double)fields["sampleRate"]!, (long)fields["frames"]!, (long)fields["records"]!, (long)fields["sampleRecords"]!, (long)fields["storedFrames"]!, (long)fields["idleFrames"]!, (int)fields["repetitions"]!));
        Assert.Equal(sums, report.Tables.Single(t => t.Name == "channels").Rows.Select(r => (long)r[3]!));
        Assert.Equal(new SparseStreamInspector().Format, new SparseStreamPlotter().Format);
    }

    [Fact]
    public async Task Plot_draws_the_stream_as_a_picture()
    {
        var path = Write(out _);
        using var output = new MemoryStream();

        await new SparseStreamPlotter().PlotAsync(path, new PlotRequest { From = 0, To = 30e-6 }, output, TestContext.Current.CancellationToken);

        Assert.True(output.ToArray().AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']));
    }

    [Fact]
    public async Task Every_truncation_and_every_flipped_byte_is_refused_with_an_offset_or_read_never_a_crash()
    {
        var whole = await File.ReadAllBytesAsync(Write(out _), TestContext.Current.CancellationToken);
        var damaged = _directory.File("damaged.cseg");
        var inspector = new SparseStreamInspector();
        var refused = 0;
        for (var length = 0; length < whole.Length; length++)
        {
            await File.WriteAllBytesAsync(damaged, whole[..length], TestContext.Current.CancellationToken);
            refused += await RefusedAsync(inspector, damaged) ? 1 : 0;
        }

        Assert.Equal(whole.Length, refused);
        for (var at = 0; at < SparseStreamFile.HeaderBytes + (3 * SparseStreamFile.RecordBytes); at++)
        {
            var copy = whole.ToArray();
            copy[at] ^= 0xA5;
            await File.WriteAllBytesAsync(damaged, copy, TestContext.Current.CancellationToken);
            await RefusedAsync(inspector, damaged);
        }
    }

    // True when refused with a PulseqDataException that names an offset; any other exception fails the test.
    private static async Task<bool> RefusedAsync(SparseStreamInspector inspector, string path)
    {
        try
        {
            await inspector.InspectAsync(path, TestContext.Current.CancellationToken);
            return false;
        }
        catch (PulseqDataException e)
        {
            Assert.NotNull(e.Offset);
            return true;
        }
    }

    // 10 idle frames, then 12 and 8 frames of samples in two repetitions: 30 frames at 1 MHz.
    private string Write(out long[] sums)
    {
        using var file = new MemoryStream();
        var fixedPart = new byte[SparseStreamFile.HeaderBytes];
        SparseStreamFile.WriteHeader(fixedPart, 4, 1e6, 30, 3);
        file.Write(fixedPart);
        sums = new long[4];
        (long First, long Frames, int Kind, int Repetition)[] records = [(0, 10, 0, 0), (10, 12, 1, 0), (22, 8, 1, 1)];
        foreach (var (first, frames, kind, repetition) in records)
        {
            var record = new byte[SparseStreamFile.RecordBytes];
            BinaryPrimitives.WriteInt64LittleEndian(record, first);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(8), frames);
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(16), kind);
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(20), repetition);
            file.Write(record);
            for (var f = 0; kind == 1 && f < frames; f++)
            {
                for (var c = 0; c < 4; c++)
                {
                    var value = (short)((c == 0 ? 1000 : -200) * (f + 1) * (repetition + 1));
                    sums[c] += value;
                    var bytes = new byte[2];
                    BinaryPrimitives.WriteInt16LittleEndian(bytes, value);
                    file.Write(bytes);
                }
            }
        }

        var path = _directory.File($"{Guid.NewGuid():N}.cseg");
        File.WriteAllBytes(path, file.ToArray());
        return path;
    }
}
