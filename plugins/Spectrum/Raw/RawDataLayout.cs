namespace Conduit.Plugins.Spectrum.Raw;

/// <summary>
/// The HDF5 layout <c>spectrum.write-raw</c> writes (documented in docs/spectrum.md): one row per line, in
/// acquisition order.
/// </summary>
internal static class RawDataLayout
{
    public const string Name = "conduit-raw";
    public const int Version = 1;

    /// <summary>float32 [lines, samples, 2]: (re, im) in digitizer codes; a shorter line is padded with zeros.</summary>
    public const string Data = "data";

    /// <summary>int32 [lines]: samples of each line.</summary>
    public const string Samples = "samples";

    /// <summary>int32 [lines]: how many repetitions were averaged into each line.</summary>
    public const string Averages = "averages";

    /// <summary>int32 [lines]: the line's index in its repetition (its ADC event).</summary>
    public const string AdcIndex = "adc_index";

    /// <summary>int64 [lines]: first stream frame of the line's gate (of the first repetition when averaged).</summary>
    public const string StartFrame = "start_frame";

    /// <summary>float64 [lines]: dwell time in seconds.</summary>
    public const string Dwell = "dwell_s";

    /// <summary>float64 [lines]: receiver frequency offset in Hz.</summary>
    public const string FrequencyOffset = "frequency_offset_hz";

    /// <summary>float64 [lines]: receiver phase offset in radians.</summary>
    public const string PhaseOffset = "phase_offset_rad";

    /// <summary>Group of int32 [lines] datasets, one per label the sequence sets (LIN, PAR, SLC, ...).</summary>
    public const string Labels = "labels";

    /// <summary>Prefix of the root attributes that hold the sequence's definitions, one string each.</summary>
    public const string DefinitionPrefix = "definition.";
}
