using System.Globalization;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>
/// Every ADC event of the stream in order, on the frame grid exactly where the renderer raises the ADC gate marker,
/// with the labels in force at its block (each block's LABELSET values first, then its LABELINC steps; labels start
/// from 0 in every repetition).
/// </summary>
internal static class AdcWindowWalk
{
    public static IEnumerable<AcquisitionWindow> Walk(PulseqSequence sequence, RepetitionLayout layout, SampleClock clock, double sampleRate)
    {
        long index = 0;
        long repetitionStart = 0;
        var blocks = sequence.Blocks;
        for (var r = 0; r < layout.Repetitions; r++)
        {
            var labels = new SortedDictionary<string, int>(StringComparer.Ordinal);
            long timePs = 0;
            var inRepetition = 0;
            for (var b = 0; b < blocks.Count; b++)
            {
                if (!layout.Plays(b, r))
                {
                    continue;
                }

                var block = blocks[b];
                if (block.Extension != 0)
                {
                    UpdateLabels(sequence, block, labels);
                }

                if (block.Adc != 0)
                {
                    var adc = sequence.AdcEvents[block.Adc];
                    var blockEnd = repetitionStart + clock.Frames(timePs + block.DurationPs);
                    var start = repetitionStart + clock.Frames(timePs + adc.DelayPs);
                    var end = Math.Min(start + clock.Frames(adc.DurationPs), blockEnd);
                    if (end > start)
                    {
                        yield return new AcquisitionWindow(
                            index++, r, inRepetition++, start, end - start, checked((int)adc.Samples), adc.DwellPs * 1e-12, sampleRate,
                            adc.FrequencyOffset, adc.PhaseOffset, new Dictionary<string, int>(labels, StringComparer.Ordinal));
                    }
                }

                timePs += block.DurationPs;
            }

            repetitionStart += layout.FramesOf(r);
        }
    }

    private static void UpdateLabels(PulseqSequence sequence, SeqBlock block, SortedDictionary<string, int> labels)
    {
        var extensions = sequence.ExtensionsOf(block).ToList();
        foreach (var set in new[] { "LABELSET", "LABELINC" })
        {
            foreach (var (extension, _, fields) in extensions)
            {
                if (string.Equals(extension.Name, set, StringComparison.OrdinalIgnoreCase) && fields.Length >= 2)
                {
                    var value = int.Parse(fields[0], CultureInfo.InvariantCulture);
                    labels[fields[1]] = set == "LABELSET" ? value : labels.GetValueOrDefault(fields[1]) + value;
                }
            }
        }
    }
}
