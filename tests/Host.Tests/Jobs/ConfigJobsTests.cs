using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;
using Conduit.Tests;

namespace Conduit.Host.Tests.Jobs;

/// <summary>
/// Every job in <c>config/</c> runs to success on the layout of a fresh clone: the job file unchanged in a
/// <c>config/</c> folder, the repository's <c>tests/data</c> beside it, outputs under <c>out/</c>, nothing else; and
/// <c>inspect</c> and <c>plot</c> take every file the job wrote.
/// </summary>
public sealed class ConfigJobsTests : IDisposable
{
    private readonly TemporaryDirectory _clone = new();

    public static TheoryData<string> ConfigJobs =>
        [.. Directory.EnumerateFiles(TestPaths.Config, "*.json")
            .Select(f => Path.GetFileName(f))
            .Where(f => f != "job.schema.json")
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ConfigJobs))]
    public async Task Runs_to_success_with_only_what_the_repository_carries(string file)
    {
        Directory.CreateDirectory(_clone.File("config"));
        Directory.CreateDirectory(_clone.File("tests"));
        Directory.CreateSymbolicLink(_clone.File("tests/data"), TestData.RootFolder);
        foreach (var job in Directory.EnumerateFiles(TestPaths.Config))
        {
            var text = await File.ReadAllTextAsync(job, TestContext.Current.CancellationToken);
            if (Path.GetFileName(job) == "acquisition.json")
            {
                // The one change: the simulated cards play unthrottled, because test projects share few cores and a
                // real-time card could underrun for want of CPU (the benchmark's question, docs/benchmarks.md).
                text = text.Replace("speed=1", "speed=0", StringComparison.Ordinal).Replace("world=demo", "world=config-jobs", StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(_clone.File(Path.Combine("config", Path.GetFileName(job))), text, TestContext.Current.CancellationToken);
        }

        if (file == "acquisition.json")
        {
            AcquisitionJobTests.RequireSimulator();
        }

        // The threat report and the checkpoint read the CT that the demo writes: run the demo first, as the README does.
        if (file is "ct-threats.json" or "checkpoint.json")
        {
            await RunAsync("ct-recon.json");
        }

        if (file == "checkpoint.json")
        {
            await RunCheckpointAsync();
        }
        else
        {
            await RunAsync(file);
        }

        var written = Directory.EnumerateFiles(_clone.File("out"), "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(written);
        Assert.All(written, f => Assert.True(new FileInfo(f).Length > 0, $"{f} is empty"));
        Assert.DoesNotContain(written, f => f.EndsWith(".partial", StringComparison.Ordinal));

        // Whatever Conduit writes, it can inspect and draw (pictures excepted: they are the drawings).
        Directory.CreateDirectory(_clone.File("pictures"));
        foreach (var output in written.Where(f => !f.EndsWith(".png", StringComparison.Ordinal) && !f.EndsWith(".svg", StringComparison.Ordinal)))
        {
            var inspect = await CliRun.RunAsync("inspect", output);
            Assert.True(inspect.ExitCode == 0, $"inspect {Path.GetFileName(output)}: {inspect}");
            var picture = _clone.File(Path.Combine("pictures", Path.GetFileName(output) + ".png"));
            var plot = await CliRun.RunAsync("plot", output, "--out", picture);
            Assert.True(plot.ExitCode == 0 && new FileInfo(picture).Length > 0, $"plot {Path.GetFileName(output)}: {plot}");
        }
    }

    public void Dispose() => _clone.Dispose();

    // The checkpoint is a service: DCMTK plays the scanner (storescu sends the demo's CT, storescp takes the report
    // back). The changes: free ports instead of the fixed ones, and one bag instead of running until stopped.
    private async Task RunCheckpointAsync()
    {
        ExternalTool.Require("storescu", "dcmtk");
        ExternalTool.Require("storescp", "dcmtk");
        var (receiverPort, scannerPort) = (FreePort(), FreePort());
        var job = _clone.File("config/checkpoint.json");
        var text = await File.ReadAllTextAsync(job, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(job, text.Replace("\"port\": 11112", $"\"port\": {receiverPort}", StringComparison.Ordinal).Replace("\"port\": 11113", $"\"port\": {scannerPort}", StringComparison.Ordinal).Replace("\"count\": 0", "\"count\": 1", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var scanner = _clone.File("scanner");
        Directory.CreateDirectory(scanner);
        using var storescp = Process.Start(new ProcessStartInfo("storescp", ["-od", scanner, "-aet", "SCANNER", scannerPort.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        storescp.OutputDataReceived += (_, _) => { };
        storescp.ErrorDataReceived += (_, _) => { };
        storescp.BeginOutputReadLine();
        storescp.BeginErrorReadLine();
        try
        {
            var running = RunAsync("checkpoint.json");
            await WaitForListenerAsync(receiverPort, running);
            var ct = _clone.File("out/ct-recon/recon.dcs");
            await ExternalTool.RunAsync(_clone.Path, "storescu", "-R", "-aec", "CONDUIT", "127.0.0.1", receiverPort.ToString(CultureInfo.InvariantCulture), ct);
            await running;
        }
        finally
        {
            storescp.Kill();
            await storescp.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        // The report storescp took is about the CT the job received and kept, and the job kept the report too.
        var received = Assert.Single(Directory.GetFiles(_clone.File("out/checkpoint/received")));
        var uid = Path.GetFileNameWithoutExtension(received);
        var report = Assert.Single(Directory.GetFiles(_clone.File("out/checkpoint/reports")));
        Assert.Equal(uid + ".dcs", Path.GetFileName(report));
        var stored = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(scanner)), TestContext.Current.CancellationToken);
        Assert.True(stored.AsSpan().IndexOf(Encoding.ASCII.GetBytes("1.2.840.10008.5.1.4.1.1.501.3")) >= 0, "the scanner got no Threat Detection Report");
        Assert.True(stored.AsSpan().IndexOf(Encoding.ASCII.GetBytes(uid)) >= 0, $"the report the scanner got does not reference {uid}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Connects until the job listens (a connection closed at once is a probe to the receiver, not a fault).
    private static async Task WaitForListenerAsync(int port, Task job)
    {
        for (var tries = 0; ; tries++)
        {
            Assert.False(job.IsCompleted, "the checkpoint job stopped before it listened");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
                return;
            }
            catch (SocketException) when (tries < 600)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    private async Task RunAsync(string file)
    {
        var run = await CliRun.RunAsync("run", _clone.File(Path.Combine("config", file)));
        Assert.True(run.ExitCode == 0, $"{file}: {run}");
    }
}
