using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Spectrum.Receive;

/// <summary>One demodulated ADC line: its window (samples, dwell, labels, repetition) and its complex samples as
/// interleaved float32 (re, im), in digitizer codes, from a pool lease the line owns.</summary>
public sealed class AcquiredLine : IConduitMessage
{
    private IBufferLease? _samples;

    /// <summary>A line owning <paramref name="samples"/> (window.Samples × 8 bytes).</summary>
    public AcquiredLine(AcquisitionWindow window, IBufferLease samples)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(samples);
        Window = window;
        _samples = samples;
    }

    /// <summary>The ADC event this line answers.</summary>
    public AcquisitionWindow Window { get; }

    /// <summary>The samples' lease.</summary>
    public IBufferLease Samples => _samples ?? throw new ObjectDisposedException(nameof(AcquiredLine));

    /// <summary>Interleaved (re, im) pairs.</summary>
    public ReadOnlySpan<float> Values => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Samples.Span)[..(2 * Window.Samples)];

    /// <inheritdoc />
    public IConduitMessage Share() => new AcquiredLine(Window, Samples.Share());

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _samples, null)?.Dispose();
}
