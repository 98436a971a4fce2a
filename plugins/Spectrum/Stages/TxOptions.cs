using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Spectrum.Stages;

/// <summary>
/// Options of <c>spectrum.tx</c>. Peak memory: the DMA ring (<see cref="RingSize"/>, from the job's budget) plus the
/// segments in the input channel; it does not grow with the sequence's length: each segment's lease is returned as
/// soon as it is copied into the ring, and idle stretches are written as zeros straight into the ring.
/// </summary>
public sealed class TxOptions
{
    /// <summary>Which driver: <c>libspcm_linux.so</c> (Spectrum's, the default: where the system's loader finds it, or
    /// where the host's environment variable CONDUIT_SPECTRUM_LIBRARY says) or <c>simulator</c> (the simulator shipped
    /// with the plugin). A job file cannot name any other library: which native code runs is the host's decision.</summary>
    [AllowedValues("libspcm_linux.so", "simulator", ErrorMessage = "driver must be libspcm_linux.so or simulator: which native library runs is the host's choice (CONDUIT_SPECTRUM_LIBRARY), never a job file's")]
    public string Driver { get; set; } = "libspcm_linux.so";

    /// <summary>The AWG's device name (the simulator's takes options after '?', see docs/spectrum.md).</summary>
    [Required]
    public string Device { get; set; } = "/dev/spcm0";

    /// <summary>The DMA ring in PC memory (a whole number of notify blocks).</summary>
    public ByteSize RingSize { get; set; } = ByteSize.Parse("16 MiB");

    /// <summary>Bytes per DMA notification: the ring is filled one notify block at a time.</summary>
    public ByteSize NotifySize { get; set; } = ByteSize.Parse("512 KiB");

    /// <summary>The card's on-board FIFO (SPC_DATA_OUTBUFSIZE, a power of two).</summary>
    public ByteSize OnboardBuffer { get; set; } = ByteSize.Parse("4 MiB");

    /// <summary>Full-scale output of each channel in mV.</summary>
    public List<int> AmplitudeMillivolts { get; set; } = [1000, 1000, 1000, 1000];

    /// <summary>Milliseconds a wait for the card may take before the stage fails.</summary>
    [Range(1, 3_600_000)]
    public int TimeoutMilliseconds { get; set; } = 5000;

    /// <summary>Start the AWG only when the <c>spectrum.rx</c> of the same session has armed its digitizer.</summary>
    public bool WaitForReceiver { get; set; } = true;

    /// <summary>Pairs this stage with a <c>spectrum.rx</c> in the same job.</summary>
    public string Session { get; set; } = "default";
}
