using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Spectrum.Stages;

/// <summary>
/// Options of <c>spectrum.rx</c>. Peak memory: the DMA ring (<see cref="RingSize"/>, from the job's budget), the
/// windows of the stream (about 200 bytes each, read before the card is armed, since its gate count is set up front)
/// and one line per message in flight.
/// </summary>
public sealed class RxOptions
{
    /// <summary>Which driver: <c>libspcm_linux.so</c> (Spectrum's, the default: where the system's loader finds it, or
    /// where the host's environment variable CONDUIT_SPECTRUM_LIBRARY says) or <c>simulator</c> (the simulator shipped
    /// with the plugin). A job file cannot name any other library: which native code runs is the host's decision.</summary>
    [AllowedValues("libspcm_linux.so", "simulator", ErrorMessage = "driver must be libspcm_linux.so or simulator: which native library runs is the host's choice (CONDUIT_SPECTRUM_LIBRARY), never a job file's")]
    public string Driver { get; set; } = "libspcm_linux.so";

    /// <summary>The digitizer's device name.</summary>
    [Required]
    public string Device { get; set; } = "/dev/spcm1";

    /// <summary>The carrier the lines are demodulated from (the unroller's Larmor frequency), in Hz.</summary>
    [Range(0.0, 5e9)]
    public double LarmorFrequency { get; set; } = 2e6;

    /// <summary>The DMA ring in PC memory (a whole number of notify blocks).</summary>
    public ByteSize RingSize { get; set; } = ByteSize.Parse("8 MiB");

    /// <summary>Bytes per DMA notification.</summary>
    public ByteSize NotifySize { get; set; } = ByteSize.Parse("64 KiB");

    /// <summary>Input range of channel 0 in mV (±).</summary>
    [Range(1, 100_000)]
    public int InputRangeMillivolts { get; set; } = 1000;

    /// <summary>Milliseconds a wait for data may take before the stage fails.</summary>
    [Range(1, 3_600_000)]
    public int TimeoutMilliseconds { get; set; } = 5000;

    /// <summary>Pairs this stage with the <c>spectrum.tx</c> of the same job.</summary>
    public string Session { get; set; } = "default";
}
