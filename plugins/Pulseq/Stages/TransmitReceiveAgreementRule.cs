using Conduit.Abstractions.Plugins;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>
/// <c>pulseq.adc-windows</c> tells a receiver where the gates of the stream that <c>pulseq.unroll</c> plays lie, so the
/// two must describe the same stream: a receiver told of one repetition while two are played records the second as if
/// it were the first's, and the raw file says one average. Pairs are the two stages reading the same sequence.
/// </summary>
internal sealed class TransmitReceiveAgreementRule : IJobRule
{
    public IEnumerable<JobRuleViolation> Check(IReadOnlyList<JobStage> stages)
    {
        foreach (var windows in stages.Where(s => s.Options is AdcWindowsOptions))
        {
            var w = (AdcWindowsOptions)windows.Options;
            foreach (var unroll in stages.Where(s => s.Options is UnrollPulseqOptions && s.From.Intersect(windows.From).Any()))
            {
                var u = (UnrollPulseqOptions)unroll.Options;
                if (w.Repetitions != u.Repetitions)
                {
                    yield return new($"{windows.JsonPath}.with.repetitions", $"stage \"{windows.Id}\" (pulseq.adc-windows) has repetitions {w.Repetitions} but stage \"{unroll.Id}\" (pulseq.unroll) plays the same sequence {u.Repetitions} time(s): the receiver would record the gates of a different stream from the one played; give both the same repetitions");
                }

                if (w.SampleRate != u.SampleRate)
                {
                    yield return new($"{windows.JsonPath}.with.sampleRate", $"stage \"{windows.Id}\" (pulseq.adc-windows) has sampleRate {w.SampleRate:0.###} Hz but stage \"{unroll.Id}\" (pulseq.unroll) plays at {u.SampleRate:0.###} Hz: the gates would fall on the wrong frames; give both the same sampleRate");
                }
            }
        }
    }
}
