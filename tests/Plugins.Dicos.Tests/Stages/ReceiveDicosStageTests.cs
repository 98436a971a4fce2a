using Conduit.Abstractions.Messages;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Network;
using Conduit.Plugins.Dicos.Objects;
using Conduit.Plugins.Dicos.Stages;
using Conduit.Plugins.Dicos.Tests.Network;
using Conduit.Testing.Logging;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Dicos.Tests.Stages;

/// <summary>
/// <c>dicos.receive</c> against DCMTK's <c>echoscu</c> and <c>storescu</c>, and against a peer that breaks the protocol
/// byte by byte. Each faulty association is followed by a good <c>storescu</c>, which ends the stage (count 1): the
/// fault must cost only its own association.
/// </summary>
public sealed class ReceiveDicosStageTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    // Stops a receiver whose sender failed, so that the failure shows (and not the frames the stage still holds).
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    // What the receiver logged, shown when a sender fails.
    private readonly RecordingLogger _log = new();

    public void Dispose() => _stop.Dispose();

    [Fact]
    public async Task Echoscu_is_answered_and_every_sample_storescu_sends_arrives_element_for_element()
    {
        DicosTools.Require("storescu");
        var samples = DicosTools.SharedFiles.ToList();
        using var harness = new StageHarness(logger: _log);
        var port = RawPeer.FreePort();
        var run = harness.RunSourceAsync(Receiver(port, samples.Count), _stop.Token);
        await RawPeer.WaitForListenerAsync(port);

        var echo = await DicosTools.OutputOfAsync("echoscu", "-aec", "CONDUIT", "127.0.0.1", Port(port));
        Assert.True(echo.Exit == 0, echo.Output);
        var store = await DicosTools.OutputOfAsync("storescu", ["-R", "-xs", "-aec", "CONDUIT", "127.0.0.1", Port(port), .. samples]);
        var frames = await EndAsync(run, store);

        try
        {
            var kept = Directory.GetFiles(Path.Combine(harness.Directory.Path, "kept"));
            Assert.Equal(samples.Count, kept.Length);
            var expectedFrames = 0;
            foreach (var sample in samples)
            {
                using var sent = MappedDicomFile.Open(sample);
                var uid = sent.File.DataSet.GetString(DicomKeywords.SopInstanceUid)!;
                using var received = MappedDicomFile.Open(Path.Combine(harness.Directory.Path, "kept", uid + ".dcs"));
                Assert.Equal(DicosTools.Elements(sent.File.DataSet), DicosTools.Elements(received.File.DataSet));
                Assert.Equal(sent.File.TransferSyntax.Uid, received.File.TransferSyntax.Uid);
                expectedFrames += sent.File.DataSet.TryGet(DicomTag.PixelData, out _) ? new DicomImage(sent.File).Frames : 0;
            }

            Assert.Equal(expectedFrames, frames.Count);
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task A_wrong_called_ae_title_is_rejected()
    {
        DicosTools.Require("echoscu");
        using var harness = new StageHarness(logger: _log);
        var port = RawPeer.FreePort();
        var run = harness.RunSourceAsync(Receiver(port, 1), _stop.Token);
        await RawPeer.WaitForListenerAsync(port);

        var echo = await DicosTools.OutputOfAsync("echoscu", "-aec", "ELSEWHERE", "127.0.0.1", Port(port));

        Assert.NotEqual(0, echo.Exit);
        Assert.Contains("Called AE Title Not Recognized", echo.Output, StringComparison.OrdinalIgnoreCase);
        await StoreOneAndEndAsync(run, port);
        Assert.Contains(_log.Messages, m => m.Contains("rejected: it called AE title 'ELSEWHERE'; this is 'CONDUIT'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sop_class_not_accepted_is_refused_in_negotiation_and_nothing_is_kept()
    {
        DicosTools.Require("storescu");
        using var harness = new StageHarness(logger: _log);
        var port = RawPeer.FreePort();
        var options = Options(port, 1);
        options.SopClasses = [DicosSopClasses.Ct];
        var run = harness.RunSourceAsync(new ReceiveDicosStage(options), _stop.Token);
        await RawPeer.WaitForListenerAsync(port);

        var store = await DicosTools.OutputOfAsync("storescu", "-R", "-xs", "-aec", "CONDUIT", "127.0.0.1", Port(port), Path.Combine(DicosTools.Shared, "SimplePresentationDX.dcs"));

        Assert.NotEqual(0, store.Exit);
        Assert.True(store.Output.Contains("No Acceptable Presentation Contexts", StringComparison.Ordinal), store.Output);
        await StoreOneAndEndAsync(run, port);
        Assert.Single(Directory.GetFiles(Path.Combine(harness.Directory.Path, "kept")));
    }

    [Fact]
    public async Task A_transfer_syntax_not_accepted_is_refused_in_negotiation_and_nothing_is_kept()
    {
        using var harness = new StageHarness(logger: _log);
        var port = RawPeer.FreePort();
        var options = Options(port, 1);
        options.TransferSyntaxes = [DicomTransferSyntax.ExplicitLittle.Uid];
        var run = harness.RunSourceAsync(new ReceiveDicosStage(options), _stop.Token);
        using (var peer = await RawPeer.ConnectAsync(port))
        {
            await peer.SendAsync(RawPeer.AssociateRequest("CONDUIT", "RAWPEER", (1, DicosSopClasses.Ct, "1.2.840.10008.1.2.4.70")));
            var accept = await peer.ReceiveAsync();
            Assert.Equal((byte)0x02, accept?.Type);
            // After the 68 fixed bytes, the application context item, then the presentation context's answer: result 4,
            // transfer syntaxes not supported (PS3.8 table 9-18).
            var body = accept!.Value.Body;
            var at = 68 + 4 + System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(68 + 2));
            Assert.Equal((byte)0x21, body[at]);
            Assert.Equal((byte)4, body[at + 6]);
        }

        await StoreOneAndEndAsync(run, port);
        Assert.Single(Directory.GetFiles(Path.Combine(harness.Directory.Path, "kept")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_peer_that_aborts_or_vanishes_mid_object_loses_that_object_only(bool abort)
    {
        using var harness = new StageHarness(logger: _log);
        var port = RawPeer.FreePort();
        var run = harness.RunSourceAsync(Receiver(port, 1), _stop.Token);
        var sample = Path.Combine(DicosTools.Shared, "SimpleCT0000.dcs");
        using (var peer = await RawPeer.ConnectAsync(port))
        {
            await AssociateAsync(peer);
            await peer.SendAsync(RawPeer.Data(1, command: true, last: true, DimseCommand.Request(DimseCommand.StoreRequest, 1, DicosSopClasses.Ct, "1.2.3.4", dataSet: true)));
            var dataSet = DataSetBytes(sample);
            await peer.SendAsync(RawPeer.Data(1, command: false, last: false, dataSet.AsSpan(0, dataSet.Length / 2)));
            if (abort)
            {
                await peer.SendAsync(RawPeer.Abort());
                Assert.Null(await peer.ReceiveAsync());
            }
            else
            {
                peer.Vanish();
            }
        }

        var frames = await StoreOneAndEndAsync(run, port);

        Assert.Contains(_log.Messages, m => m.Contains(abort ? "aborted the association in the middle of an object" : "closed the connection in the middle of an object", StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(harness.Directory.Path, "kept")), f => f.Contains("1.2.3.4", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(harness.Directory.Path, "kept"), ".receiving-*"));
        Assert.Equal(40, frames);
    }

    [Fact]
    public async Task Two_presentation_contexts_with_one_id_abort_that_association_and_the_receiver_goes_on()
    {
        using var harness = new StageHarness(logger: _log);
        var port = RawPeer.FreePort();
        var run = harness.RunSourceAsync(Receiver(port, 1), _stop.Token);
        using (var peer = await RawPeer.ConnectAsync(port))
        {
            // Found by the dicom-network fuzzing target: this stopped the whole receiver.
            await peer.SendAsync(RawPeer.AssociateRequest("CONDUIT", "RAWPEER", (1, DicosSopClasses.Ct, DicomTransferSyntax.ExplicitLittle.Uid), (1, DicosSopClasses.Ct, DicomTransferSyntax.ImplicitLittle.Uid)));
            var answer = await peer.ReceiveAsync();
            Assert.Equal((byte)0x07, answer?.Type);
        }

        await StoreOneAndEndAsync(run, port);
        Assert.Contains(_log.Messages, m => m.Contains("presentation context ID 1 is proposed twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pdu_longer_than_the_negotiated_maximum_aborts_its_association()
    {
        using var harness = new StageHarness(logger: _log);
        var port = RawPeer.FreePort();
        var run = harness.RunSourceAsync(Receiver(port, 1), _stop.Token);
        using (var peer = await RawPeer.ConnectAsync(port))
        {
            await AssociateAsync(peer);
            // Only the header: a receiver that believed the length would wait for (or allocate) 2 GB.
            await peer.SendAsync([0x04, 0, 0x7F, 0xFF, 0xFF, 0xFF]);
            var answer = await peer.ReceiveAsync();
            Assert.Equal((byte)0x07, answer?.Type);
            Assert.Equal((byte)2, answer!.Value.Body[2]);
        }

        await StoreOneAndEndAsync(run, port);
        Assert.Contains(_log.Messages, m => m.Contains("P-DATA-TF of 2147483647 bytes; the negotiated maximum is 262144", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Storescu_over_tls_with_a_trusted_certificate_is_received_and_one_with_a_stranger_is_refused()
    {
        using var harness = new StageHarness(logger: _log);
        var certificates = new TestCertificates(harness.Directory.File("tls"));
        var port = RawPeer.FreePort();
        var options = Options(port, 1);
        options.Tls = new DicomTlsOptions { Certificate = certificates.ServerCertificate, Key = certificates.ServerKey, TrustedCertificates = certificates.Authority };
        var run = harness.RunSourceAsync(new ReceiveDicosStage(options), _stop.Token);
        await RawPeer.WaitForListenerAsync(port);
        var sample = Path.Combine(DicosTools.Shared, "SimpleCT0000.dcs");

        var stranger = new TestCertificates(harness.Directory.File("stranger"), "A stranger's CA");
        var refused = await DicosTools.OutputOfAsync("storescu", "+tls", stranger.ClientKey, stranger.ClientCertificate, "+cf", certificates.Authority, "-R", "-aec", "CONDUIT", "127.0.0.1", Port(port), sample);
        var store = await DicosTools.OutputOfAsync("storescu", "+tls", certificates.ClientKey, certificates.ClientCertificate, "+cf", certificates.Authority, "-R", "-aec", "CONDUIT", "127.0.0.1", Port(port), sample);
        var frames = await EndAsync(run, store);
        frames.ForEach(f => f.Dispose());

        Assert.NotEqual(0, refused.Exit);
        Assert.Single(_log.Messages, m => m.Contains("TLS handshake failed", StringComparison.Ordinal));
        using var sent = MappedDicomFile.Open(sample);
        using var received = MappedDicomFile.Open(Assert.Single(Directory.GetFiles(Path.Combine(harness.Directory.Path, "kept"))));
        Assert.Equal(DicosTools.Elements(sent.File.DataSet), DicosTools.Elements(received.File.DataSet));
    }

    private static ReceiveDicosStage Receiver(int port, int count) => new(Options(port, count));

    private static ReceiveDicosOptions Options(int port, int count) => new() { Port = port, Count = count, Directory = "kept", TimeoutSeconds = 30 };

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task AssociateAsync(RawPeer peer)
    {
        await peer.SendAsync(RawPeer.AssociateRequest("CONDUIT", "RAWPEER", (1, DicosSopClasses.Ct, DicomTransferSyntax.ExplicitLittle.Uid)));
        var accept = await peer.ReceiveAsync();
        Assert.Equal((byte)0x02, accept?.Type);
    }

    // A good C-STORE of the 40-slice sample CT, which ends a receiver whose count is 1; its frames, counted.
    private async Task<int> StoreOneAndEndAsync(Task<List<ImageFrame>> run, int port)
    {
        var store = await DicosTools.OutputOfAsync("storescu", "-R", "-aec", "CONDUIT", "127.0.0.1", Port(port), Path.Combine(DicosTools.Shared, "SimpleCT0000.dcs"));
        var frames = await EndAsync(run, store);
        frames.ForEach(f => f.Dispose());
        return frames.Count;
    }

    // The stage's frames once its count is reached. If the sender failed, the stage would not end by itself: it is
    // stopped, and the sender's output is the failure.
    private async Task<List<ImageFrame>> EndAsync(Task<List<ImageFrame>> run, (int Exit, string Output) sender)
    {
        if (sender.Exit != 0)
        {
            await _stop.CancelAsync();
            await ((Task)run).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Assert.Fail($"the sender failed: {sender.Output}\nthe receiver logged:\n{string.Join('\n', _log.Messages)}");
        }

        return await run.WaitAsync(Limit, TestContext.Current.CancellationToken);
    }

    // The data set of a Part 10 file: what follows its file meta group.
    private static byte[] DataSetBytes(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var metaEnd = 132 + 12 + (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
        return bytes[metaEnd..];
    }
}
