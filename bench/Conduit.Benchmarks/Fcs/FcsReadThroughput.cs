using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using Conduit.Abstractions.Messages;
using Conduit.Engine.Memory;
using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Benchmarks.Fcs;

/// <summary>
/// Reads every event of an FCS file the way <c>fcs.read</c> does (64 Ki-event float32 chunks rented from a managed
/// pool, one thread) and sums every value as float64, as the peers' scripts do with what they read; prints the best of
/// several runs as MB/s of DATA with the sum, for bench/fcs/run-fcs-peers.sh.
/// </summary>
internal static class FcsReadThroughput
{
    public static async Task<int> RunAsync(string path, int runs)
    {
        using var pool = new ManagedBufferPool("bench", new MemoryBudget("bench", 256L << 20));
        var best = TimeSpan.MaxValue;
        long bytes = 0;
        double checksum = 0;
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var file = FcsFile.Open(path);
            var dataSet = file.DataSets[0];
            using var reader = new FcsChunkReader(file, 0, EventValueType.Float32, preprocess: false);
            checksum = 0;
            for (long e = 0; e < dataSet.EventCount; e += 65536)
            {
                using var chunk = await reader.ReadAsync(pool, e, 65536, CancellationToken.None);
                checksum += Sum(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(chunk.Values.Span));
            }

            clock.Stop();
            bytes = dataSet.DataLength;
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"conduit {best.TotalSeconds:0.000} s {bytes / best.TotalSeconds / 1e6:0} MB/s (sum of every value {checksum:E9})"));
        return 0;
    }

    // Every value widened to float64 and added, eight at a time.
    private static double Sum(ReadOnlySpan<float> values)
    {
        var total = Vector256<double>.Zero;
        var i = 0;
        for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
        {
            var (lower, upper) = Vector256.Widen(Vector256.Create(values.Slice(i, Vector256<float>.Count)));
            total += lower + upper;
        }

        var sum = Vector256.Sum(total);
        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }
}
