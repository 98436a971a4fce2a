namespace Conduit.Plugins.Pulseq.Model;

/// <summary>An entry of <c>[ADC]</c>. Times in picoseconds, frequencies in Hz, phases in radians.</summary>
public sealed record AdcEvent(int Id, long Samples, long DwellPs, long DelayPs, double FrequencyPpm, double PhasePpm, double FrequencyOffset, double PhaseOffset, int PhaseShapeId)
{
    /// <summary>Duration of the readout: samples × dwell.</summary>
    public long DurationPs => Samples * DwellPs;
}
