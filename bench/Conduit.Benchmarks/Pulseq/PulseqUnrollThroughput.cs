using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Engine.Memory;
using Conduit.Plugins.Pulseq.Parsing;
using Conduit.Plugins.Pulseq.Unrolling;

namespace Conduit.Benchmarks.Pulseq;

/// <summary>
/// <c>pulseq-unroll FILE [repetitions] [segmentFrames] [parallelism]</c>: parses a sequence and streams its whole unroll at 20 MHz
/// through the same segment pipeline the <c>pulseq.unroll</c> stage uses, disposing each segment at once (as a card driver does once it has copied it), then prints parse time, unroll
/// time, the real-time factor, rendered and idle frames, and the process's peak RSS.
/// </summary>
internal static class PulseqUnrollThroughput
{
    public static async Task<int> RunAsync(string path, int repetitions, int segmentFrames, int parallelism)
    {
        var clock = Stopwatch.StartNew();
        var sequence = SeqReader.Read(path);
        var parse = clock.Elapsed;
        var streamer = new SequenceStreamer(sequence, new UnrollSettings { Repetitions = repetitions, SegmentFrames = segmentFrames });
        var format = new SampleStreamFormat(20e6, 4, ["rf", "gx", "gy", "gz"], ["", "adc-gate", "rf-unblank", "phase-reference"]);
        using var pool = new ManagedBufferPool("bench", new MemoryBudget("bench", 256L << 20));
        long rendered = 0, idle = 0, segments = 0, checksum = 0;
        clock.Restart();
        await foreach (var segment in SegmentPipeline.StreamAsync(streamer, format, pool, parallelism))
        {
            using (segment)
            {
                segments++;
                if (segment.Samples is { } samples)
                {
                    rendered += segment.Frames;
                    checksum += MemoryMarshal.Cast<byte, short>(samples.Span)[(int)(segment.Frames / 2 * 4) + 1];
                }
                else
                {
                    idle += segment.Frames;
                }
            }
        }

        var unroll = clock.Elapsed;
        var seconds = sequence.Summary.DurationSeconds * repetitions;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"file={Path.GetFileName(path)} blocks={sequence.Summary.Blocks} sequence_s={seconds:F3} parse_s={parse.TotalSeconds:F3} unroll_s={unroll.TotalSeconds:F2} realtime_x={seconds / unroll.TotalSeconds:F1} frames={streamer.TotalFrames} rendered={rendered} idle={idle} segments={segments} parallelism={parallelism} dense_GB={streamer.TotalFrames * 8 / 1e9:F1} peak_rss_MiB={PeakRssMiB():F1} checksum={checksum}");
        Console.WriteLine(line);
        return 0;
    }

    private static double PeakRssMiB()
    {
        foreach (var l in File.ReadLines("/proc/self/status"))
        {
            if (l.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(l[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }
}
