using System.Diagnostics;
using System.Globalization;
using Conduit.Abstractions.Messages;
using Conduit.Engine.Memory;
using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Benchmarks.Fcs;

/// <summary>
/// Reads every event of an FCS file the way <c>fcs.read</c> does (64 Ki-event float32 chunks rented from a managed
/// pool) and prints the best of several runs as MB/s of DATA, for bench/fcs/run-fcs-peers.sh.
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
                checksum += System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(chunk.Values.Span)[0];
            }

            clock.Stop();
            bytes = dataSet.DataLength;
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"conduit {best.TotalSeconds:0.000} s {bytes / best.TotalSeconds / 1e6:0} MB/s (checksum {checksum:0.###})"));
        return 0;
    }
}
