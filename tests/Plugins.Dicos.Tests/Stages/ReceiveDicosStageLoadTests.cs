using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Stages;
using Conduit.Plugins.Dicos.Tests.Network;
using Conduit.Plugins.Dicos.Writing;
using Conduit.Testing.Logging;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Dicos.Tests.Stages;

/// <summary>
/// <c>dicos.receive</c> under the loads of a checkpoint: a full-size CT from <c>storescu</c>, native and JPEG Lossless,
/// and twenty scanners sending at once, with the frames drained as a pipeline would drain them (a small bounded
/// channel), not collected.
/// </summary>
public sealed class ReceiveDicosStageLoadTests : IDisposable
{
    private const int Side = 512;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private readonly RecordingLogger _log = new();

    public void Dispose() => _stop.Dispose();

    [Fact]
    public async Task A_512_by_512_by_400_ct_native_and_jpeg_lossless_from_storescu_is_kept_element_for_element_within_the_budget()
    {
        DicosTools.Require("storescu");
        using var maker = new StageHarness();
        var native = maker.Directory.File("native.dcs");
        var jpeg = maker.Directory.File("jpeg.dcs");
        var sums = new Dictionary<string, long>
        {
            [await WriteCtAsync(maker, native, 400, DicosEncoding.Native, seed: 1)] = Sum(400, seed: 1),
            [await WriteCtAsync(maker, jpeg, 400, DicosEncoding.JpegLossless, seed: 2)] = Sum(400, seed: 2),
        };
        const long budget = 64L << 20;
        using var harness = new StageHarness(budget, logger: _log);
        var port = RawPeer.FreePort();

        var received = await ReceiveAsync(harness, port, 2, () => Task.WhenAll(Store(port, native), Store(port, jpeg)));

        Assert.Equal(sums.ToDictionary(s => s.Key, s => (400, s.Value)), received);
        AssertKeptAsSent(harness, native, jpeg);
        Assert.InRange(harness.Pool.Budget.PeakReservedBytes, 1, budget);
    }

    [Fact]
    public async Task Twenty_associations_at_once_each_sending_a_ct_all_arrive_intact_and_the_budget_is_never_exceeded()
    {
        DicosTools.Require("storescu");
        using var maker = new StageHarness();
        var files = new List<string>();
        var sums = new Dictionary<string, (int, long)>();
        for (var i = 0; i < 20; i++)
        {
            files.Add(maker.Directory.File($"ct{i}.dcs"));
            sums[await WriteCtAsync(maker, files[^1], 8, i % 2 == 0 ? DicosEncoding.Native : DicosEncoding.JpegLossless, seed: i)] = (8, Sum(8, seed: i));
        }

        // Twenty associations' buffers (64 KiB each) and one object's frames in flight fit; twenty objects' would not.
        const long budget = 8L << 20;
        using var harness = new StageHarness(budget, logger: _log);
        var port = RawPeer.FreePort();

        var received = await ReceiveAsync(harness, port, 20, () => Task.WhenAll(files.Select(f => Store(port, f))));

        Assert.Equal(sums, received);
        AssertKeptAsSent(harness, [.. files]);
        Assert.InRange(harness.Pool.Budget.PeakReservedBytes, 1, budget);
        Assert.True(_log.Messages.Count(m => m.Contains("accepted", StringComparison.Ordinal)) == 20, string.Join('\n', _log.Messages));
    }

    [Fact]
    public async Task A_sender_killed_in_the_middle_of_an_object_loses_that_object_only_and_the_receiver_goes_on()
    {
        DicosTools.Require("storescu");
        using var maker = new StageHarness();
        var (first, second) = (maker.Directory.File("first.dcs"), maker.Directory.File("second.dcs"));
        var firstUid = await WriteCtAsync(maker, first, 4, DicosEncoding.Native, seed: 1);
        var secondUid = await WriteCtAsync(maker, second, 64, DicosEncoding.Native, seed: 2); // 32 MiB: more than the socket buffers hold
        using var harness = new StageHarness(logger: _log);
        var port = RawPeer.FreePort();
        var stage = new ReceiveDicosStage(new ReceiveDicosOptions { Port = port, Count = 2, Directory = "kept", Rescale = false, TimeoutSeconds = 60 });
        var frames = Channel.CreateBounded<ImageFrame>(1);
        var run = stage.RunAsync(harness.Context, frames.Writer, _stop.Token);
        Task? consumer = null;
        try
        {
            await RawPeer.WaitForListenerAsync(port);
            using var storescu = System.Diagnostics.Process.Start("storescu", ["-R", "-aec", "CONDUIT", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), first, second]);

            // The first object is kept and answered; its frames wait for this reader, so the association reads no more
            // of the second, and storescu blocks in the middle of it once the socket buffers are full. Then it dies.
            (await frames.Reader.ReadAsync(TestContext.Current.CancellationToken)).Dispose();
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            Assert.False(storescu.HasExited, "storescu finished before it could be killed");
            storescu.Kill(); // SIGKILL
            await storescu.WaitForExitAsync(TestContext.Current.CancellationToken);
            consumer = Drain(frames.Reader);

            var store = await Store(port, Path.Combine(DicosTools.Shared, "SimpleCT0000.dcs"));
            Assert.True(store.Exit == 0, $"{store.Output}\nthe receiver logged:\n{string.Join('\n', _log.Messages)}");
            await run.WaitAsync(Limit, TestContext.Current.CancellationToken);
        }
        finally
        {
            await _stop.CancelAsync();
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            frames.Writer.TryComplete();
            consumer ??= Drain(frames.Reader);
            await consumer;
        }

        var kept = Directory.GetFiles(harness.Directory.File("kept")).Select(Path.GetFileName).ToList();
        Assert.Contains(firstUid + ".dcs", kept);
        Assert.DoesNotContain(secondUid + ".dcs", kept);
        Assert.Equal(2, kept.Count);
        Assert.Empty(Directory.GetFiles(harness.Directory.File("kept"), ".receiving-*"));
        // Where the stream stopped decides the words: inside a PDU (as a rule), inside its header, or between two.
        Assert.Contains(_log.Messages, m => m.Contains("the connection closed", StringComparison.Ordinal) || m.Contains("closed the connection in the middle of an object", StringComparison.Ordinal));
    }

    private static Task Drain(ChannelReader<ImageFrame> frames) => Task.Run(async () =>
    {
        await foreach (var frame in frames.ReadAllAsync())
        {
            frame.Dispose();
        }
    });

    // A CT of 512 × 512 16-bit frames whose values are a function of the pixel, the frame and the seed; its SOP
    // instance UID.
    private static async Task<string> WriteCtAsync(StageHarness maker, string path, int frames, DicosEncoding encoding, int seed)
    {
        await using (var file = File.Create(path))
        using (var writer = new DicosCtWriter(maker.Pool, file, encoding, new StoredSamples(1, 0), DateTime.Now, "MU"))
        {
            for (var z = 0; z < frames; z++)
            {
                var layout = new FrameLayout(PixelType.UInt16, Side, Side, new FrameGeometry(0.5, 0.5, 1, (0, 0, z), (1, 0, 0), (0, 1, 0)));
                using var frame = new ImageFrame(z, layout, await maker.Pool.RentAsync(layout.ByteLength, TestContext.Current.CancellationToken));
                var pixels = MemoryMarshal.Cast<byte, ushort>(frame.Pixels.Span);
                for (var i = 0; i < pixels.Length; i++)
                {
                    pixels[i] = Value(i, z, seed);
                }

                await writer.AppendAsync(frame, TestContext.Current.CancellationToken);
            }

            writer.Complete();
        }

        using var written = MappedDicomFile.Open(path);
        return written.File.DataSet.GetString(DicomKeywords.SopInstanceUid)!;
    }

    private static ushort Value(int pixel, int frame, int seed) => (ushort)((((pixel % Side) * 3) + ((pixel / Side) * 5) + (frame * 7) + (seed * 11)) & 0x0FFF);

    private static long Sum(int frames, int seed)
    {
        long sum = 0;
        for (var z = 0; z < frames; z++)
        {
            for (var i = 0; i < Side * Side; i++)
            {
                sum += Value(i, z, seed);
            }
        }

        return sum;
    }

    private static Task<(int Exit, string Output)> Store(int port, string file) =>
        DicosTools.OutputOfAsync("storescu", "-R", "-xs", "-aec", "CONDUIT", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), file);

    // Runs a receiver of count objects (stored integers, kept in "kept") while the senders send; the frames go through
    // a channel of two, summed per image as they arrive and given back. Frames and sums by SOP instance UID.
    private async Task<Dictionary<string, (int Frames, long Sum)>> ReceiveAsync(StageHarness harness, int port, int count, Func<Task<(int Exit, string Output)[]>> send)
    {
        var stage = new ReceiveDicosStage(new ReceiveDicosOptions { Port = port, Count = count, Directory = "kept", Rescale = false, TimeoutSeconds = 60 });
        var frames = Channel.CreateBounded<ImageFrame>(2);
        var received = new Dictionary<string, (int Frames, long Sum)>();
        var consumer = Task.Run(async () =>
        {
            await foreach (var frame in frames.Reader.ReadAllAsync())
            {
                using (frame)
                {
                    long sum = 0;
                    foreach (var value in MemoryMarshal.Cast<byte, ushort>(frame.Pixels.Span))
                    {
                        sum += value;
                    }

                    var id = frame.Source!.Id;
                    var (n, total) = received.GetValueOrDefault(id);
                    received[id] = (n + 1, total + sum);
                }
            }
        });
        var run = stage.RunAsync(harness.Context, frames.Writer, _stop.Token);
        try
        {
            await RawPeer.WaitForListenerAsync(port);
            var failed = (await send()).Where(s => s.Exit != 0).ToList();
            if (failed.Count > 0)
            {
                await _stop.CancelAsync();
                await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                Assert.Fail($"{failed.Count} senders failed: {failed[0].Output}\nthe receiver logged:\n{string.Join('\n', _log.Messages)}");
            }

            await run.WaitAsync(Limit, TestContext.Current.CancellationToken);
        }
        finally
        {
            frames.Writer.TryComplete();
            await consumer;
        }

        return received;
    }

    private static void AssertKeptAsSent(StageHarness harness, params string[] sent)
    {
        var kept = Directory.GetFiles(harness.Directory.File("kept"));
        Assert.Equal(sent.Length, kept.Length);
        foreach (var file in sent)
        {
            using var original = MappedDicomFile.Open(file);
            var uid = original.File.DataSet.GetString(DicomKeywords.SopInstanceUid)!;
            using var copy = MappedDicomFile.Open(harness.Directory.File(Path.Combine("kept", uid + ".dcs")));
            Assert.Equal(DicosTools.Elements(original.File.DataSet), DicosTools.Elements(copy.File.DataSet));
            Assert.Equal(original.File.TransferSyntax.Uid, copy.File.TransferSyntax.Uid);
        }
    }
}
