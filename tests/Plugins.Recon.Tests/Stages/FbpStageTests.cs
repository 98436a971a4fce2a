using System.Runtime.InteropServices;
using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Recon.Estimation;
using Conduit.Plugins.Recon.Geometry;
using Conduit.Plugins.Recon.Gpu;
using Conduit.Plugins.Recon.Stages;
using Conduit.Testing.Logging;
using Conduit.Testing.Stages;
using NSubstitute;

namespace Conduit.Plugins.Recon.Tests.Stages;

public sealed class FbpStageTests
{
    private const int Size = 64;
    private const int Angles = 91;

    [Fact]
    public async Task A_stack_reconstructed_one_slice_at_a_time_equals_the_stack_in_one_chunk()
    {
        var one = await ReconstructAsync(new FbpOptions { ChunkSlices = 1, Device = ReconDevice.Cpu }, slices: 5);
        var all = await ReconstructAsync(new FbpOptions { ChunkSlices = 5, Device = ReconDevice.Cpu }, slices: 5);

        Assert.Equal(5, one.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i), one.Select(f => f.Index));
        for (var z = 0; z < 5; z++)
        {
            Assert.Equal(all[z].Pixels, one[z].Pixels);
            Assert.InRange(ReconstructionHarness.Rmse(one[z].Pixels, ReconstructionHarness.Phantom(Size, 15 * z)), 0, 0.06);
        }

        Assert.Equal(2.0, one[0].Layout.Geometry.SpacingX);
        Assert.Equal((-64.0, -64.0, 4.0), one[2].Layout.Geometry.Origin);
    }

    [Fact]
    public async Task On_the_gpu_path_a_stack_larger_than_the_budget_is_reconstructed_in_chunks_with_the_one_piece_result()
    {
        var shape = new FbpShape(Angles, Size, Size);
        var twoSlices = FbpMemoryModel.Estimate(shape, 2, onDevice: true, workers: 1, batchPairs: 4096, channelCapacity: 2).PeakBytes;
        var logger = new RecordingLogger();

        var chunked = await ReconstructAsync(new FbpOptions { Device = ReconDevice.IlgpuCpu }, slices: 5, budget: twoSlices, logger: logger);
        var whole = await ReconstructAsync(new FbpOptions { Device = ReconDevice.IlgpuCpu, ChunkSlices = 5 }, slices: 5);
        var cpu = await ReconstructAsync(new FbpOptions { Device = ReconDevice.Cpu }, slices: 5);

        Assert.Contains(logger.Messages, m => m.Contains("2 slices a chunk", StringComparison.Ordinal));
        for (var z = 0; z < 5; z++)
        {
            Assert.Equal(whole[z].Pixels, chunked[z].Pixels);
            Assert.InRange(cpu[z].Pixels.Zip(chunked[z].Pixels, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-5);
        }
    }

    [Fact]
    public async Task A_budget_smaller_than_one_slice_is_refused_with_what_one_slice_needs()
    {
        var error = await Assert.ThrowsAsync<MemoryBudgetExceededException>(() => ReconstructAsync(new FbpOptions { Device = ReconDevice.Cpu }, slices: 1, budget: 20_000));
        Assert.Contains("reconstructing one 91 × 64 sinogram into 64 × 64 needs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_reported_with_its_slice_angle_and_detector()
    {
        var error = await Assert.ThrowsAsync<ConduitDataException>(() => ReconstructAsync(new FbpOptions { Device = ReconDevice.Cpu }, slices: 2, poison: (1, 3, 7)));
        Assert.Equal("sinogram 1: value at angle 3, detector 7 is NaN; a sinogram must hold finite numbers", error.Message);
    }

    [Fact]
    public void Every_segment_of_a_split_sinogram_is_checked_for_values_that_are_not_numbers()
    {
        // A lease in two segments, as a sinogram over 1 GiB is, in small: the NaN sits in the second one.
        var geometry = ParallelBeamGeometry.Uniform(4, 8);
        var segments = new[] { new byte[16 * sizeof(float)], new byte[16 * sizeof(float)] };
        MemoryMarshal.Cast<byte, float>(segments[1].AsSpan())[5] = float.NaN;
        var lease = Substitute.For<IBufferLease>();
        lease.Length.Returns(geometry.SinogramBytes);
        lease.IsContiguous.Returns(false);
        lease.SegmentCount.Returns(2);
        lease.GetSegment(0).Returns(segments[0]);
        lease.GetSegment(1).Returns(segments[1]);

        var error = Assert.Throws<ConduitDataException>(() => FbpStage.CheckFinite(new Sinogram(0, geometry, 1, lease)));

        // Value 16 + 5 = 21: angle 2, detector 5.
        Assert.Equal("sinogram 0: value at angle 2, detector 5 is NaN; a sinogram must hold finite numbers", error.Message);
    }

    [Fact]
    public async Task Sinograms_of_another_geometry_in_the_same_stack_are_refused()
    {
        using var harness = new StageHarness();
        var first = Phantom(harness, ParallelBeamGeometry.Uniform(Angles, Size), 0);
        var second = Phantom(harness, ParallelBeamGeometry.Uniform(Angles + 1, Size), 1);
        var error = await Assert.ThrowsAsync<ConduitDataException>(() => harness.RunTransformAsync(new FbpStage(new FbpOptions { Device = ReconDevice.Cpu }), [first, second], TestContext.Current.CancellationToken));
        Assert.Contains("sinogram 1: 92 angles × 64 detectors, but the stack began with 91 × 64", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<(long Index, float[] Pixels, FrameLayout Layout)>> ReconstructAsync(FbpOptions options, int slices, long budget = 1L << 30, RecordingLogger? logger = null, (int Slice, int Angle, int Detector)? poison = null)
    {
        using var source = new StageHarness();
        var sinograms = await source.RunSourceAsync(new PhantomStage(new PhantomOptions { Size = Size, Angles = Angles, Slices = slices, TurnDegreesPerSlice = 15, Spacing = 2 }), TestContext.Current.CancellationToken);
        if (poison is var (s, a, d))
        {
            MemoryMarshal.Cast<byte, float>(sinograms[s].Data.Span)[(a * Size) + d] = float.NaN;
        }

        using var harness = new StageHarness(budget, logger: logger);
        try
        {
            var frames = await harness.RunTransformAsync(new FbpStage(options), sinograms, TestContext.Current.CancellationToken);
            try
            {
                return [.. frames.Select(f => (f.Index, MemoryMarshal.Cast<byte, float>(f.Pixels.Span)[..(Size * Size)].ToArray(), f.Layout))];
            }
            finally
            {
                frames.ForEach(f => f.Dispose());
            }
        }
        finally
        {
            sinograms.ForEach(m => m.Dispose());
        }
    }

    private static Sinogram Phantom(StageHarness harness, ParallelBeamGeometry geometry, int index)
    {
        harness.Pool.TryRent(geometry.SinogramBytes, out var lease);
        Conduit.Plugins.Recon.Phantom.SheppLoganPhantom.Project(MemoryMarshal.Cast<byte, float>(lease!.Span), geometry, Size);
        return new Sinogram(index, geometry, 1, lease);
    }
}
