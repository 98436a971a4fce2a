using System.Diagnostics;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Network;
using Conduit.Plugins.Dicos.Stages;
using Conduit.Plugins.Dicos.Tests.Network;
using Conduit.Plugins.Dicos.Writing;
using Conduit.Testing.Logging;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Dicos.Tests.Stages;

/// <summary><c>dicos.send</c> against DCMTK's <c>storescp</c>, and against <c>dicos.receive</c> where a peer must refuse
/// an object.</summary>
public sealed class SendDicosStageTests
{
    [Fact]
    public async Task Every_sample_sent_to_storescp_is_stored_element_for_element()
    {
        using var harness = new StageHarness();
        var port = RawPeer.FreePort();
        var stored = harness.Directory.File("stored");
        Directory.CreateDirectory(stored);
        using var storescp = StartStorescp(stored, port);
        await RawPeer.WaitForListenerAsync(port);
        var samples = DicosTools.SharedFiles.ToList();

        await harness.RunSinkAsync(new SendDicosStage(Options(port, samples)), [], TestContext.Current.CancellationToken);

        var files = Directory.GetFiles(stored);
        Assert.Equal(samples.Count, files.Length);
        foreach (var sample in samples)
        {
            using var sent = MappedDicomFile.Open(sample);
            var uid = sent.File.DataSet.GetString(DicomKeywords.SopInstanceUid)!;
            using var received = MappedDicomFile.Open(Assert.Single(files, f => f.EndsWith(uid, StringComparison.Ordinal)));
            Assert.Equal(DicosTools.Elements(sent.File.DataSet), DicosTools.Elements(received.File.DataSet));
            Assert.Equal(sent.File.TransferSyntax.Uid, received.File.TransferSyntax.Uid);
        }
    }

    [Theory]
    [InlineData(DicosEncoding.Native)]
    [InlineData(DicosEncoding.JpegLossless)]
    public async Task A_ct_from_write_ct_sent_to_storescp_arrives_as_a_ct_of_its_frames(DicosEncoding encoding)
    {
        using var harness = new StageHarness();
        var port = RawPeer.FreePort();
        var stored = harness.Directory.File("stored");
        Directory.CreateDirectory(stored);
        using var storescp = StartStorescp(stored, port);
        await RawPeer.WaitForListenerAsync(port);
        var frames = Enumerable.Range(0, 5).Select(z => Frame(harness, z)).ToList();
        var expected = frames.Select(f => MemoryMarshal.Cast<byte, ushort>(f.Pixels.Span)[..(32 * 24)].ToArray()).ToList();
        var written = await harness.RunTransformAsync(new WriteCtStage(new WriteCtOptions { Path = "ct.dcs", Encoding = encoding }), frames, TestContext.Current.CancellationToken);

        await harness.RunSinkAsync(new SendDicosStage(Options(port, [])), written, TestContext.Current.CancellationToken);

        var ct = Assert.Single(Directory.GetFiles(stored));
        var read = await harness.RunSourceAsync(new ReadDicosStage(new ReadDicosOptions { Path = ct, Rescale = false }), TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(expected, read.Select(f => MemoryMarshal.Cast<byte, ushort>(f.Pixels.Span)[..(32 * 24)].ToArray()));
            Assert.Equal([0.0, 1, 2, 3, 4], read.Select(f => f.Layout.Geometry.Origin.Z));
        }
        finally
        {
            read.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Over_tls_with_a_client_certificate_storescp_stores_what_was_sent()
    {
        using var harness = new StageHarness();
        var certificates = new TestCertificates(harness.Directory.File("tls"));
        var port = RawPeer.FreePort();
        var stored = harness.Directory.File("stored");
        Directory.CreateDirectory(stored);
        using var storescp = StartStorescp(stored, port, "+tls", certificates.ServerKey, certificates.ServerCertificate, "+cf", certificates.Authority);
        await RawPeer.WaitForListenerAsync(port);
        var options = Options(port, [Sample]);
        options.Tls = new DicomTlsOptions { Certificate = certificates.ClientCertificate, Key = certificates.ClientKey, TrustedCertificates = certificates.Authority };

        await harness.RunSinkAsync(new SendDicosStage(options), [], TestContext.Current.CancellationToken);

        using var sent = MappedDicomFile.Open(Sample);
        using var received = MappedDicomFile.Open(Assert.Single(Directory.GetFiles(stored)));
        Assert.Equal(DicosTools.Elements(sent.File.DataSet), DicosTools.Elements(received.File.DataSet));
    }

    [Fact]
    public async Task A_rejected_association_fails_with_the_reason_and_is_not_retried()
    {
        var logger = new RecordingLogger();
        using var harness = new StageHarness(logger: logger);
        var port = RawPeer.FreePort();
        using var storescp = StartStorescp(harness.Directory.Path, port, "--refuse");
        await RawPeer.WaitForListenerAsync(port);

        var error = await Assert.ThrowsAsync<DicomNetworkException>(() => harness.RunSinkAsync(new SendDicosStage(Options(port, [Sample])), [], TestContext.Current.CancellationToken));

        Assert.Contains($"STORESCP at 127.0.0.1:{port} rejected the association", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Messages, m => m.Contains("retry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_object_the_peer_refuses_fails_with_its_status_and_meaning()
    {
        using var receiving = new StageHarness();
        var port = RawPeer.FreePort();
        var receiver = receiving.RunSourceAsync(new ReceiveDicosStage(new ReceiveDicosOptions { Port = port, Count = 1, AeTitle = "STORESCP" }), TestContext.Current.CancellationToken);
        await RawPeer.WaitForListenerAsync(port);
        using var harness = new StageHarness();

        // The receiver takes one object; the second, on the same association, is refused with A700.
        var error = await Record.ExceptionAsync(() => harness.RunSinkAsync(new SendDicosStage(Options(port, [Sample, Sample])), [], TestContext.Current.CancellationToken));
        (await receiver.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken)).ForEach(f => f.Dispose());

        Assert.IsType<DicomNetworkException>(error);
        Assert.Contains("status 0xA700 (refused: out of resources)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_is_not_listening_yet_is_retried_until_it_is()
    {
        var logger = new RecordingLogger();
        using var harness = new StageHarness(logger: logger);
        var port = RawPeer.FreePort();
        var stored = harness.Directory.File("stored");
        Directory.CreateDirectory(stored);
        var options = Options(port, [Sample]);
        (options.Retries, options.RetryDelaySeconds) = (100, 0.2);

        var sending = harness.RunSinkAsync(new SendDicosStage(options), [], TestContext.Current.CancellationToken);
        while (!logger.Messages.Any(m => m.Contains("retry 1 of 100", StringComparison.Ordinal)))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        using var storescp = StartStorescp(stored, port);
        await sending.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Single(Directory.GetFiles(stored));
    }

    private static string Sample => Path.Combine(DicosTools.Shared, "SimpleCT0000.dcs");

    private static SendDicosOptions Options(int port, List<string> files) =>
        new() { Port = port, CalledAeTitle = "STORESCP", Files = files, TimeoutSeconds = 30, RetryDelaySeconds = 0.2 };

    // storescp keeps every object it accepts in the folder, in the transfer syntax it arrived in; killed on dispose.
    private static StorescpProcess StartStorescp(string folder, int port, params string[] extra)
    {
        DicosTools.Require("storescp");
        var process = Process.Start(new ProcessStartInfo("storescp", ["-od", folder, "+xa", "-aet", "STORESCP", .. extra, port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        // Drained, so that what it prints can never fill a pipe and stop it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new StorescpProcess(process);
    }

    private static ImageFrame Frame(StageHarness harness, int z)
    {
        var layout = new FrameLayout(PixelType.UInt16, 32, 24, new FrameGeometry(0.5, 0.5, 1, (0, 0, z), (1, 0, 0), (0, 1, 0)));
        harness.Pool.TryRent(layout.ByteLength, out var lease);
        var pixels = MemoryMarshal.Cast<byte, ushort>(lease!.Span);
        for (var i = 0; i < 32 * 24; i++)
        {
            pixels[i] = (ushort)((z * 1000) + ((i * 7) % 301));
        }

        return new ImageFrame(z, layout, lease);
    }

    private sealed class StorescpProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
    }
}
