using Conduit.Abstractions.Memory;
using Conduit.Plugins.Recon.Backprojection;
using Conduit.Plugins.Recon.Filtering;
using Conduit.Plugins.Recon.Gpu;

namespace Conduit.Plugins.Recon.Estimation;

/// <summary>
/// What <c>recon.fbp</c> holds while it reconstructs a chunk of k slices, counted from the buffers the code allocates
/// (tests compare it with the pools' peaks and the GC's allocation counter):
/// <list type="bullet">
/// <item>CPU: k sinograms (filtered in place) + k slices + each worker's two padded FFT rows + two edge values per row
/// + the filter and angle tables;</item>
/// <item>GPU, on the host: k sinograms + k slices + the tables; on the device: the same sinograms and slices, the edge
/// values, one batch of padded row pairs and the tables (<see cref="GpuFbp.DeviceBytes"/>). Both draw on the budget.</item>
/// </list>
/// Slices that wait in the output channel (its capacity) are counted on top.
/// </summary>
public static class FbpMemoryModel
{
    /// <summary>Host and device bytes for a chunk of <paramref name="chunk"/> slices.</summary>
    /// <param name="shape">Sinogram and output sizes.</param>
    /// <param name="chunk">Slices reconstructed together.</param>
    /// <param name="onDevice">Whether the GPU path runs it.</param>
    /// <param name="workers">CPU workers (CPU path).</param>
    /// <param name="batchPairs">Row pairs filtered per launch batch (GPU path).</param>
    /// <param name="channelCapacity">Output slices that may wait in the channel.</param>
    public static MemoryEstimate Estimate(FbpShape shape, long chunk, bool onDevice, int workers, int batchPairs, int channelCapacity)
    {
        var k = (int)Math.Min(chunk, int.MaxValue);
        var held = (k * shape.SinogramBytes) + ((k + (long)channelCapacity) * shape.SliceBytes);
        var tables = CpuFbp.TableBytesFor(shape.Angles, shape.Detectors);
        if (!onDevice)
        {
            var scratch = CpuFbp.ScratchBytesFor(shape.Angles, shape.Detectors, k, workers);
            return new MemoryEstimate(
                held + scratch + tables,
                Math.Max(Math.Max(shape.SinogramBytes, shape.SliceBytes), scratch),
                $"k × angles × detectors × 4 + (k + channel capacity) × N² × 4 + workers × 2 × padded × 4 + k × angles × 8 + tables (k = {k}, padded = {SinogramFilter.PaddedLengthFor(shape.Detectors)})");
        }

        var device = GpuFbp.DeviceBytes(shape.Angles, shape.Detectors, shape.OutputSize, k, batchPairs);
        return new MemoryEstimate(
            held + tables + device,
            Math.Max(shape.SinogramBytes, shape.SliceBytes),
            $"host: k × angles × detectors × 4 + (k + channel capacity) × N² × 4 + tables; device: k × (angles × detectors + N²) × 4 + k × angles × 8 + batch × padded × 8 + tables (k = {k})");
    }

    /// <summary>The largest chunk (at most <paramref name="maxChunk"/>) whose estimate fits <paramref name="budgetBytes"/>,
    /// or 0 when one slice does not.</summary>
    public static int LargestChunk(FbpShape shape, long budgetBytes, int maxChunk, bool onDevice, int workers, int batchPairs, int channelCapacity) =>
        (int)MemoryEstimates.LargestFitting(k => Estimate(shape, k, onDevice, workers, batchPairs, channelCapacity), maxChunk, budgetBytes);
}
