using Conduit.Abstractions.Memory;

namespace Conduit.Abstractions.Messages;

/// <summary>
/// One received ADC line: the window it answers (samples, dwell, repetition, the sequence's labels) and its complex
/// samples, demodulated, as interleaved float32 (re, im) in a pool lease the line owns. Produced by receivers
/// (<c>spectrum.rx</c>); consumed by raw-data writers and reconstruction.
/// </summary>
public sealed class AcquiredLine : IConduitMessage
{
    private IBufferLease? _samples;

    /// <summary>A line that takes ownership of <paramref name="samples"/>: disposing the line disposes it.</summary>
    /// <param name="window">The ADC event the line answers.</param>
    /// <param name="samples">At least <c>window.Samples × 8</c> bytes of interleaved (re, im) float32.</param>
    /// <exception cref="ArgumentException">The lease is shorter than the window's samples need.</exception>
    public AcquiredLine(AcquisitionWindow window, IBufferLease samples)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length < window.Samples * 8L)
        {
            throw new ArgumentException($"ADC event {window.Index} has {window.Samples} samples, {window.Samples * 8L} bytes; the lease has {samples.Length}", nameof(samples));
        }

        Window = window;
        _samples = samples;
    }

    /// <summary>The ADC event this line answers.</summary>
    public AcquisitionWindow Window { get; }

    /// <summary>The samples' lease. Owned by this line.</summary>
    /// <exception cref="ObjectDisposedException">The line was disposed.</exception>
    public IBufferLease Samples => _samples ?? throw new ObjectDisposedException(nameof(AcquiredLine));

    /// <summary>The samples as interleaved (re, im) pairs, <c>2 × Window.Samples</c> values.</summary>
    /// <exception cref="ObjectDisposedException">The line was disposed.</exception>
    public ReadOnlySpan<float> Values => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Samples.Span)[..(2 * Window.Samples)];

    /// <inheritdoc />
    public IConduitMessage Share() => new AcquiredLine(Window, Samples.Share());

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _samples, null)?.Dispose();
}
