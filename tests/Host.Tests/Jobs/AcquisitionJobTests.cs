using System.Globalization;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;
using Conduit.Tests;

namespace Conduit.Host.Tests.Jobs;

/// <summary>Acquisitions run by the real host on the Spectrum driver simulator (native/spcm-sim, through the same
/// P/Invoke path as the real library), with real sequences, read back by h5py.</summary>
public sealed class AcquisitionJobTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_demo_records_every_adc_line_and_the_tone_demodulates_to_its_offset_and_amplitude()
    {
        RequireSimulator();
        PythonScript.Require("numpy", "h5py");
        var job = _directory.File("acquisition.json");
        var text = await File.ReadAllTextAsync(Path.Combine(TestPaths.Config, "acquisition.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(job, text
            .Replace("../tests/data/pulseq/", TestData.Folder("pulseq") + "/", StringComparison.Ordinal)
            // Test projects run side by side on few cores: a real-time card could underrun for want of CPU, which is
            // the benchmark's question (docs/benchmarks.md), not this test's. Speed 0 plays as fast as the data comes.
            .Replace("speed=1", "speed=0", StringComparison.Ordinal)
            .Replace("world=demo", "world=demo-test", StringComparison.Ordinal)
            .Replace("../out/acquisition/", "out/", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.True(run.ExitCode == 0, run.ToString());
        // nexus_se_spec_avg-10: 10 ADC events of 4096 samples (REFERENCE.md), played twice and averaged. The simulator's
        // digitizer sees a 1000-code tone at 2.001 MHz with noise of 20 codes; demodulated at 2 MHz it is a 1 kHz line of
        // amplitude 1000.
        var figures = await PythonScript.RunAsync(
            """
            import sys, h5py, numpy as np
            f = h5py.File(sys.argv[1])
            z = f['data'][..., 0] + 1j * f['data'][..., 1]
            t = np.arange(z.shape[1]) * f['dwell_s'][0]
            freq = [np.polyfit(t, np.unwrap(np.angle(line)), 1)[0] / (2 * np.pi) for line in z]
            print(z.shape[0], int(f['samples'][...].sum()), int(f['averages'][...].min()), np.abs(z).mean(), min(freq), max(freq))
            """,
            _directory.File("out/spectrum.h5"));
        var v = figures.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal((10, 40960, 2), ((int)v[0], (int)v[1], (int)v[2]));
        Assert.InRange(v[3], 990, 1010);
        Assert.InRange(v[4], 999, 1001);
        Assert.InRange(v[5], 999, 1001);
    }

    [Theory]
    [InlineData("pulseq_gre_v151.seq")]
    [InlineData("pulseq_epi_rs_v151.seq")]
    [InlineData("pypulseq_write_epi_label.seq")]
    [InlineData("pulseqrs_v140_ute.seq")]
    public async Task Every_adc_event_of_a_real_sequence_becomes_a_line_of_its_samples(string sequence)
    {
        RequireSimulator();
        PythonScript.Require("numpy", "h5py");
        var reference = ReferenceRow(sequence);
        var job = await JobAsync(sequence, "speed=0", average: false, repetitions: 1);

        var run = await CliRun.RunAsync("run", job);

        Assert.True(run.ExitCode == 0, run.ToString());
        var figures = await PythonScript.RunAsync(
            "import sys, h5py; f = h5py.File(sys.argv[1]); print(f['samples'].shape[0], int(f['samples'][...].sum()), sorted(f['labels'].keys()))",
            _directory.File("raw.h5"));
        Assert.StartsWith($"{reference.AdcEvents} {reference.AdcSamples} ", figures, StringComparison.Ordinal);
        if (sequence.Contains("label", StringComparison.Ordinal))
        {
            Assert.Contains("'LIN'", figures, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_underrun_fails_the_job_with_the_drivers_words_and_leaves_no_raw_file()
    {
        RequireSimulator();
        var job = await JobAsync("pulseq_gre_v151.seq", "speed=0&underrun_at=3000000", average: true, repetitions: 1);

        var run = await CliRun.RunAsync("run", job);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("underrun", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Contains("ERR_FIFOHWOVERRUN", run.Output + run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("raw.h5")));
    }

    [Fact]
    public async Task A_driver_error_names_the_register_and_carries_the_drivers_text()
    {
        RequireSimulator();
        var job = await JobAsync("pulseq_gre_v151.seq", "speed=0&fail_register=30010", average: true, repetitions: 1);

        var run = await CliRun.RunAsync("run", job);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("setting register 30010 to 1000 failed with ERR_VALUE: register 30010: value 1000 refused", run.Output + run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("raw.h5")));
    }

    internal static void RequireSimulator()
    {
        var library = Path.Combine(AppContext.BaseDirectory, "plugins", "Spectrum", "libspcm_sim.so");
        if (File.Exists(library))
        {
            return;
        }

        var reason = $"the Spectrum driver simulator was not built ({library}): install cmake and gcc, then build again";
        Assert.True(!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), reason + "; it must be there under CI=true");
        Assert.Skip(reason);
    }

    private async Task<string> JobAsync(string sequence, string simulator, bool average, int repetitions)
    {
        var world = Guid.NewGuid().ToString("N")[..8];
        var job = _directory.File($"{world}.json");
        var path = Path.Combine(TestData.Folder("pulseq"), sequence).Replace("\\", "/", StringComparison.Ordinal);
        await File.WriteAllTextAsync(job, $$"""
            { "name": "acquisition-test", "memory": { "budget": "128 MiB" }, "stages": [
              { "id": "load", "use": "pulseq.load", "with": { "path": "{{path}}" } },
              { "id": "unroll", "use": "pulseq.unroll", "from": "load", "with": { "larmorFrequency": 2e6, "repetitions": {{repetitions}} } },
              { "id": "windows", "use": "pulseq.adc-windows", "from": "load", "with": { "repetitions": {{repetitions}} } },
              { "id": "tx", "use": "spectrum.tx", "from": "unroll", "with": { "driver": "simulator", "device": "/dev/spcm0?world={{world}}&{{simulator}}&gain=0.01&noise=2" } },
              { "id": "rx", "use": "spectrum.rx", "from": "windows", "with": { "driver": "simulator", "device": "/dev/spcm1?world={{world}}" } },
              { "id": "write", "use": "spectrum.write-raw", "from": "rx", "with": { "path": "raw.h5", "average": {{(average ? "true" : "false")}} } } ] }
            """, TestContext.Current.CancellationToken);
        return job;
    }

    private static (long AdcEvents, long AdcSamples) ReferenceRow(string sequence)
    {
        var row = File.ReadLines(Path.Combine(TestData.Folder("pulseq"), "reference.tsv"))
            .Select(l => l.Split('\t'))
            .First(f => f[0] == sequence);
        return (long.Parse(row[5], CultureInfo.InvariantCulture), long.Parse(row[6], CultureInfo.InvariantCulture));
    }
}
