using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// Plans segments in order on the caller's thread and renders up to <c>parallelism</c> of them at once on the thread
/// pool, each into a lease rented from the pool (samples) plus two scratch leases returned as soon as it is rendered.
/// Segments come out in stream order. At most parallelism + 1 segments are in flight, so memory is
/// <see cref="PeakBytes"/>, about (parallelism + 1) × segmentFrames × (8 + 17) bytes, whatever the sequence's length.
/// </summary>
public static class SegmentPipeline
{
    /// <summary>Peak bytes the pipeline rents: in-flight sample buffers and their two scratch buffers, each rounded up
    /// to a power of two as pooled arrays are (exact for power-of-two segment sizes).</summary>
    public static long PeakBytes(int segmentFrames, int parallelism, int channels = 4) =>
        (parallelism + 1L) * (RoundUp(segmentFrames * (long)channels * sizeof(short)) + RoundUp(segmentFrames * 4L * sizeof(float)) + RoundUp(segmentFrames));

    private static long RoundUp(long bytes) => (long)BitOperations.RoundUpToPowerOf2((ulong)bytes);

    /// <summary>Streams <paramref name="streamer"/>'s segments. The caller owns (and disposes) each segment.</summary>
    public static async IAsyncEnumerable<SampleSegment> StreamAsync(
        SequenceStreamer streamer,
        SampleStreamFormat format,
        IBufferPool pool,
        int parallelism,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamer);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var pending = new Queue<Task<SampleSegment>>();
        try
        {
            while (streamer.TryNext(out var plan))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (plan.IsIdle)
                {
                    pending.Enqueue(Task.FromResult(SampleSegment.Idle(format, plan.FirstFrame, plan.Frames, plan.Repetition)));
                }
                else
                {
                    // Everything a render needs is rented here, before it starts, so a render never waits for memory.
                    var samples = await pool.RentAsync(plan.Frames * format.FrameBytes, cancellationToken).ConfigureAwait(false);
                    IBufferLease? channels = null;
                    try
                    {
                        channels = await pool.RentAsync(plan.Frames * 4 * sizeof(float), cancellationToken).ConfigureAwait(false);
                        var markers = await pool.RentAsync(plan.Frames, cancellationToken).ConfigureAwait(false);
                        pending.Enqueue(RenderAsync(streamer, plan, format, samples, channels, markers, cancellationToken));
                    }
                    catch
                    {
                        channels?.Dispose();
                        samples.Dispose();
                        throw;
                    }
                }

                while (pending.Count > parallelism || (pending.Count > 0 && pending.Peek().IsCompleted))
                {
                    yield return await pending.Dequeue().ConfigureAwait(false);
                }
            }

            while (pending.Count > 0)
            {
                yield return await pending.Dequeue().ConfigureAwait(false);
            }
        }
        finally
        {
            // Abandoned early (an error downstream, cancellation): finish and release what is still in flight.
            while (pending.Count > 0)
            {
                try
                {
                    (await pending.Dequeue().ConfigureAwait(false)).Dispose();
                }
#pragma warning disable CA1031 // The first error is already on its way to the caller; these are its echoes.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    private static async Task<SampleSegment> RenderAsync(SequenceStreamer streamer, SegmentPlan plan, SampleStreamFormat format, IBufferLease samples, IBufferLease channels, IBufferLease markers, CancellationToken cancellationToken)
    {
        using var channelScratch = channels;
        using var markerScratch = markers;
        try
        {
            await Task.Run(() => streamer.Render(plan, MemoryMarshal.Cast<byte, short>(samples.Span), MemoryMarshal.Cast<byte, float>(channels.Span), markers.Span), cancellationToken).ConfigureAwait(false);
            return SampleSegment.WithSamples(format, plan.FirstFrame, plan.Frames, plan.Repetition, samples);
        }
        catch
        {
            samples.Dispose();
            throw;
        }
    }
}
