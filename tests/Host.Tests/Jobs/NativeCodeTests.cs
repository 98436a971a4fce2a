using System.Diagnostics;
using Conduit.Testing.Files;

namespace Conduit.Host.Tests.Jobs;

/// <summary>Job files are data: one that names a native library gets it refused at validation, and the library never
/// loads (its constructor would run the moment it did).</summary>
public sealed class NativeCodeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_driver_path_in_a_job_is_refused_and_its_library_never_loads()
    {
        var marker = _directory.File("constructor-ran");
        var library = await CompileAsync(marker);
        var job = _directory.File("evil.json");
        await File.WriteAllTextAsync(job, $$"""
            { "name": "evil", "stages": [
              { "id": "load", "use": "pulseq.load", "with": { "path": "{{TestPaths.RepoRoot.Replace("\\", "/", StringComparison.Ordinal)}}/tests/data/pulseq/pulseq_fid_v151.seq" } },
              { "id": "unroll", "use": "pulseq.unroll", "from": "load" },
              { "id": "tx", "use": "spectrum.tx", "from": "unroll", "with": { "driver": "{{library}}", "device": "/dev/spcm0" } } ] }
            """, TestContext.Current.CancellationToken);

        var validate = await CliRun.RunAsync("validate", job);
        var run = await CliRun.RunAsync("run", job);

        Assert.Equal((2, 2), (validate.ExitCode, run.ExitCode));
        Assert.Contains("$.stages[2].with.driver: driver must be libspcm_linux.so or simulator", validate.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the library's constructor ran");
    }

    private async Task<string> CompileAsync(string marker)
    {
        var compiler = new[] { "/usr/bin/gcc", "/usr/bin/cc" }.FirstOrDefault(File.Exists);
        if (compiler is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") != "true", "gcc must be installed under CI=true");
            Assert.Skip("no C compiler to build the test library (apt-get install gcc)");
        }

        var source = _directory.File("evil.c");
        var library = _directory.File("libevil.so");
        await File.WriteAllTextAsync(source, $$"""
            #include <fcntl.h>
            __attribute__((constructor)) static void ran(void) { creat("{{marker}}", 0644); }
            """, TestContext.Current.CancellationToken);
        using var gcc = Process.Start(new ProcessStartInfo(compiler, ["-shared", "-fPIC", "-o", library, source]) { RedirectStandardError = true })!;
        var error = await gcc.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await gcc.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(gcc.ExitCode == 0, error);
        return library;
    }
}
