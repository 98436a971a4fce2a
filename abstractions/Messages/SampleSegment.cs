using Conduit.Abstractions.Memory;

namespace Conduit.Abstractions.Messages;

/// <summary>
/// A stretch of a waveform-generator sample stream: either frames of interleaved int16 samples in a lease, or an idle
/// run (every channel zero, no marker set) described by its length alone, with no buffer. Produced by sequence
/// unrollers; consumed by card drivers and exporters. Owns its lease: disposing the segment disposes it.
/// </summary>
public sealed class SampleSegment : IConduitMessage
{
    private IBufferLease? _samples;

    private SampleSegment(SampleStreamFormat format, long firstFrame, long frames, int repetition, IBufferLease? samples)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfNegative(firstFrame);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        Format = format;
        FirstFrame = firstFrame;
        Frames = frames;
        Repetition = repetition;
        IsIdle = samples is null;
        _samples = samples;
    }

    /// <summary>Creates a segment of samples that takes ownership of <paramref name="samples"/>.</summary>
    /// <param name="format">Sample rate and channels of the stream.</param>
    /// <param name="firstFrame">Index of the segment's first frame in the stream, from 0.</param>
    /// <param name="frames">Frames in the segment.</param>
    /// <param name="repetition">Which repetition (average) of the sequence the segment starts in, from 0.</param>
    /// <param name="samples">frames × channels int16 values, interleaved; at least that many bytes.</param>
    /// <exception cref="ArgumentException">The lease is shorter than the frames need.</exception>
    public static SampleSegment WithSamples(SampleStreamFormat format, long firstFrame, long frames, int repetition, IBufferLease samples)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length < frames * format.FrameBytes)
        {
            throw new ArgumentException($"{frames} frames × {format.Channels} channels need {frames * format.FrameBytes} bytes, the lease has {samples.Length}", nameof(samples));
        }

        return new SampleSegment(format, firstFrame, frames, repetition, samples);
    }

    /// <summary>Creates an idle run: <paramref name="frames"/> frames of zeros with no marker set, and no buffer.</summary>
    public static SampleSegment Idle(SampleStreamFormat format, long firstFrame, long frames, int repetition) =>
        new(format, firstFrame, frames, repetition, null);

    /// <summary>Sample rate and channels of the stream.</summary>
    public SampleStreamFormat Format { get; }

    /// <summary>Index of the first frame in the stream.</summary>
    public long FirstFrame { get; }

    /// <summary>Frames in the segment.</summary>
    public long Frames { get; }

    /// <summary>Repetition (average) of the sequence in which the segment starts, from 0.</summary>
    public int Repetition { get; }

    /// <summary>Whether this is an idle run with no buffer.</summary>
    public bool IsIdle { get; }

    /// <summary>Bytes the segment stands for in the stream, whether or not it has a buffer.</summary>
    public long ByteLength => Frames * Format.FrameBytes;

    /// <summary>The samples, or null for an idle run. Owned by this segment.</summary>
    /// <exception cref="ObjectDisposedException">The segment had samples and was disposed or they were taken.</exception>
    public IBufferLease? Samples => IsIdle ? null : _samples ?? throw new ObjectDisposedException(nameof(SampleSegment));

    /// <summary>Takes the samples out: the caller owns the lease from now on.</summary>
    /// <exception cref="InvalidOperationException">The segment is idle.</exception>
    public IBufferLease TakeSamples() => IsIdle
        ? throw new InvalidOperationException("an idle segment has no samples")
        : Interlocked.Exchange(ref _samples, null) ?? throw new ObjectDisposedException(nameof(SampleSegment));

    /// <inheritdoc />
    public IConduitMessage Share() => IsIdle
        ? Idle(Format, FirstFrame, Frames, Repetition)
        : new SampleSegment(Format, FirstFrame, Frames, Repetition, Samples!.Share());

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _samples, null)?.Dispose();
}
