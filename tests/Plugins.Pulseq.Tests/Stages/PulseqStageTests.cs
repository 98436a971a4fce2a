using System.Buffers.Binary;
using Conduit.Plugins.Pulseq.Stages;
using Conduit.Plugins.Pulseq.Unrolling;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Pulseq.Tests.Stages;

/// <summary>The three stages chained through the test harness, and the exported files read back.</summary>
public sealed class PulseqStageTests : IDisposable
{
    private readonly StageHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Load_unroll_and_sparse_export_write_every_frame_once_with_idle_runs_as_bare_records()
    {
        var loaded = await _harness.RunSourceAsync(new LoadPulseqStage(new LoadPulseqOptions { Path = SharedPulseq.File("nexus_se_spectrum_400us_sinc_20ms-te.seq") }));
        var options = new UnrollPulseqOptions { SegmentSize = Abstractions.Memory.ByteSize.Parse("64 KiB"), Repetitions = 2 };
        var segments = await _harness.RunTransformAsync(new UnrollPulseqStage(options), loaded);
        var total = segments.Sum(s => s.Frames);
        var idle = segments.Count(s => s.IsIdle);
        var path = _harness.Directory.File("spectrum.cseg");
        await _harness.RunSinkAsync(new ExportPulseqStage(new ExportPulseqOptions { Path = path }), segments);
        _harness.CommitOutputs();

        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(SparseStreamFile.Magic));
        Assert.Equal(4, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(20e6, BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(16)));
        Assert.Equal(total, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(2 * 460_000L, total);
        var records = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(32));
        long offset = SparseStreamFile.HeaderBytes, next = 0, idleRecords = 0;
        for (var r = 0; r < records; r++)
        {
            var first = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)offset));
            var frames = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)offset + 8));
            var kind = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((int)offset + 16));
            Assert.Equal(next, first);
            next += frames;
            idleRecords += kind == 0 ? 1 : 0;
            offset += SparseStreamFile.RecordBytes + (kind == 1 ? frames * 8 : 0);
        }

        Assert.Equal(total, next);
        Assert.Equal(bytes.Length, offset);
        Assert.Equal(idle, idleRecords);
        Assert.True(idle > 0);
        Assert.Equal(0, _harness.Pool.OutstandingLeases);
    }

    [Fact]
    public async Task Dense_export_is_the_raw_frames_with_idle_runs_as_zeros()
    {
        var loaded = await _harness.RunSourceAsync(new LoadPulseqStage(new LoadPulseqOptions { Path = SharedPulseq.File("koma_v15_gre_rad.seq") }));
        var segments = await _harness.RunTransformAsync(new UnrollPulseqStage(new UnrollPulseqOptions { SegmentSize = Abstractions.Memory.ByteSize.Parse("32 KiB") }), loaded);
        var path = _harness.Directory.File("gre.i16");
        await _harness.RunSinkAsync(new ExportPulseqStage(new ExportPulseqOptions { Path = path, Format = ExportFormat.Dense }), segments);
        _harness.CommitOutputs();

        var written = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        var expected = Unrolling.Unroll.Run(loaded[0].Sequence, new UnrollSettings { SegmentFrames = 4096 });
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(written).SequenceEqual(expected.Samples));
    }

    [Fact]
    public async Task Require_valid_signature_refuses_a_file_whose_hash_does_not_match()
    {
        var stage = new LoadPulseqStage(new LoadPulseqOptions { Path = SharedPulseq.File("koma_v14_gr-uniformly-shaped.seq"), RequireValidSignature = true });

        var error = await Assert.ThrowsAsync<PulseqDataException>(() => _harness.RunSourceAsync(stage));

        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_estimate_is_the_pipeline_peak_and_does_not_depend_on_the_sequence()
    {
        var options = new UnrollPulseqOptions { Repetitions = 1000 };

        var estimate = new UnrollPulseqEstimator().Estimate(options, new Abstractions.Memory.MemoryEstimationContext(4, 1L << 30));

        Assert.Equal((3 * ((512 << 10) + (1 << 20) + (64 << 10))) + (4 * (512 << 10)), estimate.PeakBytes);
    }
}
