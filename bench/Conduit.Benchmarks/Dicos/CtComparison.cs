using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Engine.Memory;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Writing;
using Conduit.Plugins.Recon.Phantom;

namespace Conduit.Benchmarks.Dicos;

/// <summary>
/// <c>dicos-ct DIR [FRAMES] [REPS]</c>: a 512 × 512 × FRAMES 16-bit CT (the Shepp-Logan phantom turned 0.5° per slice,
/// with noise, so that compression has real work) written and read by our codec in each encoding, the files left in
/// DIR for the peer script. Writing starts from slices in memory and ends with the file closed; reading maps the file
/// and decodes every frame into a slab buffer from a pool of 4. Best of REPS; one JSON line per case.
/// </summary>
internal static class CtComparison
{
    private const int Size = 512;

    public static async Task<int> RunAsync(string directory, int frames, int repetitions)
    {
        Directory.CreateDirectory(directory);
        var volume = Volume(frames);
        using var pools = new FramePools();
        var slabs = pools.Slabs;
        foreach (var encoding in new[] { DicosEncoding.Native, DicosEncoding.JpegLossless, DicosEncoding.RleLossless })
        {
            var path = Path.Combine(directory, $"conduit-{encoding.ToString().ToLowerInvariant()}.dcs");
            var write = await BestAsync(repetitions, () => WriteAsync(path, volume, frames, encoding, slabs));
            var read = await BestAsync(repetitions, () =>
            {
                Read(path, slabs, sum: false);
                return Task.CompletedTask;
            });
            var checksum = Read(path, slabs, sum: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"tool\":\"conduit\",\"encoding\":\"{encoding}\",\"frames\":{frames},\"bytes\":{new FileInfo(path).Length},\"write_s\":{write:F4},\"read_s\":{read:F4},\"checksum\":{checksum},\"fallbacks\":{slabs.Statistics.FallbackCount}}}"));
        }

        // The operations DCMTK's tools do, file to file: read, decode, encode, write.
        foreach (var (from, to) in new[] { ("native", DicosEncoding.Native), ("native", DicosEncoding.JpegLossless), ("jpeglossless", DicosEncoding.Native), ("native", DicosEncoding.RleLossless), ("rlelossless", DicosEncoding.Native) })
        {
            var source = Path.Combine(directory, $"conduit-{from}.dcs");
            var target = Path.Combine(directory, $"transcoded-{from}-{to.ToString().ToLowerInvariant()}.dcs");
            var seconds = await BestAsync(repetitions, () => TranscodeAsync(source, target, to, slabs));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"tool\":\"conduit\",\"transcode\":\"{from} to {to}\",\"seconds\":{seconds:F4},\"checksum\":{Read(target, slabs, sum: true)}}}"));
        }

        return 0;
    }

    /// <summary><c>dicos-make DIR FRAMES</c>: only the three files (native, JPEG Lossless, RLE), for the whole-process
    /// script.</summary>
    public static async Task<int> MakeAsync(string directory, int frames)
    {
        Directory.CreateDirectory(directory);
        var volume = Volume(frames);
        using var pools = new FramePools();
        var slabs = pools.Slabs;
        foreach (var encoding in new[] { DicosEncoding.Native, DicosEncoding.JpegLossless, DicosEncoding.RleLossless })
        {
            await WriteAsync(Path.Combine(directory, $"conduit-{encoding.ToString().ToLowerInvariant()}.dcs"), volume, frames, encoding, slabs);
        }

        return 0;
    }

    /// <summary><c>dicos-sum FILE</c>: the sum of every stored sample of a 16-bit image, whoever wrote it.</summary>
    public static int Sum(string path)
    {
        using var pools = new FramePools();
        var slabs = pools.Slabs;
        Console.WriteLine(Read(path, slabs, sum: true).ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>Four one-frame slabs over a managed fallback, on a 1 GiB budget: what every mode reads and writes with.</summary>
    private sealed class FramePools : IDisposable
    {
        private readonly ManagedBufferPool _fallback;

        public FramePools()
        {
            var budget = new MemoryBudget("bench", 1L << 30);
            _fallback = new ManagedBufferPool("fallback", budget);
            Slabs = new SlabBufferPool("slabs", budget, Size * Size * sizeof(ushort), 4, _fallback);
        }

        public SlabBufferPool Slabs { get; }

        public void Dispose()
        {
            Slabs.Dispose();
            _fallback.Dispose();
        }
    }

    private static async Task TranscodeAsync(string source, string target, DicosEncoding encoding, SlabBufferPool pool)
    {
        using var mapped = MappedDicomFile.Open(source);
        var image = new DicomImage(mapped.File);
        await using var output = new FileStream(target, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        using var writer = new DicosCtWriter(pool, output, encoding, new StoredSamples(1, 0), DateTime.Now, "US");
        var announced = new FrameSource(target, image.Frames, new Dictionary<string, string>());
        for (var f = 0; f < image.Frames; f++)
        {
            var layout = new FrameLayout(PixelType.UInt16, image.Columns, image.Rows, new FrameGeometry(0.5, 0.5, 1, image.Position(f), (1, 0, 0), (0, 1, 0)));
            using var frame = new ImageFrame(f, layout, await pool.RentAsync(layout.ByteLength)) { Source = announced };
            image.ReadFrame(f, frame.Pixels.Span);
            await writer.AppendAsync(frame);
        }

        writer.Complete();
    }

    private static async Task WriteAsync(string path, byte[][] volume, int frames, DicosEncoding encoding, SlabBufferPool pool)
    {
        await using var output = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        using var writer = new DicosCtWriter(pool, output, encoding, new StoredSamples(1, 0), DateTime.Now, "US");
        var source = new FrameSource(path, frames, new Dictionary<string, string>());
        for (var z = 0; z < frames; z++)
        {
            var layout = new FrameLayout(PixelType.UInt16, Size, Size, new FrameGeometry(0.5, 0.5, 1, (0, 0, z), (1, 0, 0), (0, 1, 0)));
            using var frame = new ImageFrame(z, layout, new BorrowedLease(volume[z])) { Source = source };
            await writer.AppendAsync(frame);
        }

        writer.Complete();
    }

    // Decodes every frame; with sum, adds up every stored sample (untimed), so that a decoder that skipped work would show.
    private static long Read(string path, SlabBufferPool pool, bool sum)
    {
        using var mapped = MappedDicomFile.Open(path);
        var image = new DicomImage(mapped.File);
        var frameBytes = (int)image.FrameBytes;
        long total = 0;
        for (var f = 0; f < image.Frames; f++)
        {
            if (!pool.TryRent(frameBytes, out var lease))
            {
                throw new InvalidOperationException("the slab pool refused a frame");
            }

            using (lease)
            {
                image.ReadFrame(f, lease.Span[..frameBytes]);
                if (sum)
                {
                    foreach (var sample in MemoryMarshal.Cast<byte, ushort>(lease.Span[..frameBytes]))
                    {
                        total += sample;
                    }
                }
            }
        }

        return total;
    }

    private static byte[][] Volume(int frames)
    {
        var volume = new byte[frames][];
        var phantom = new float[Size * Size];
        var random = new Random(7);
        for (var z = 0; z < frames; z++)
        {
            SheppLoganPhantom.Draw(phantom, Size, z * 0.5);
            volume[z] = new byte[Size * Size * sizeof(ushort)];
            var slice = MemoryMarshal.Cast<byte, ushort>(volume[z].AsSpan());
            for (var i = 0; i < slice.Length; i++)
            {
                slice[i] = (ushort)Math.Clamp((phantom[i] * 20000) + 1000 + random.Next(-40, 41), 0, 65535);
            }
        }

        return volume;
    }

    private static async Task<double> BestAsync(int repetitions, Func<Task> work)
    {
        var best = double.MaxValue;
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            await work();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return best;
    }
}
