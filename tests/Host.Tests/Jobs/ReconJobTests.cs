using System.Globalization;
using Conduit.Testing.Files;
using Conduit.Testing.Processes;

namespace Conduit.Host.Tests.Jobs;

/// <summary>Reconstruction jobs run by the real host, with the plugins in their own load contexts, read back by nibabel.</summary>
public sealed class ReconJobTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task The_ct_demo_job_reconstructs_the_phantom_stack_that_it_writes_beside_it()
    {
        PythonScript.Require("numpy", "nibabel");
        var job = _directory.File("ct-recon.json");
        var text = await File.ReadAllTextAsync(Path.Combine(TestPaths.Config, "ct-recon.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(job, text.Replace("../out/ct-recon/", "out/", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("stage fbp (recon.fbp): succeeded", run.Output, StringComparison.Ordinal);
        var rmse = await CompareAsync(_directory.File("out/recon.nii"), _directory.File("out/phantom.nii"));
        Assert.Equal(4, rmse.Length);
        Assert.All(rmse, r => Assert.InRange(r, 0.005, 0.016));

        // The DICOS CT holds the same slices, rescaled: pydicom reads it, and dciodvfy finds nothing wrong but the
        // DICOS CT IOD its dictionary does not have.
        PythonScript.Require("pydicom");
        var largest = double.Parse(await PythonScript.RunAsync(
            """
            import sys, numpy as np, nibabel as nib, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            group = ds.SharedFunctionalGroupsSequence[0].PixelValueTransformationSequence[0]
            ct = ds.pixel_array.astype(np.float64) * float(group.RescaleSlope) + float(group.RescaleIntercept)
            nifti = np.asarray(nib.load(sys.argv[2]).dataobj).transpose(2, 1, 0)
            assert ct.shape == nifti.shape == (4, 512, 512), (ct.shape, nifti.shape)
            print(np.abs(ct - nifti).max())
            """,
            _directory.File("out/recon.dcs"), _directory.File("out/recon.nii")), CultureInfo.InvariantCulture);
        Assert.InRange(largest, 0, 0.5e-4 + 1e-7);
        Assert.True(File.Exists("/usr/bin/dciodvfy") || Environment.GetEnvironmentVariable("CI") != "true", "dciodvfy (Debian's dicom3tools) must be installed under CI=true");
        if (File.Exists("/usr/bin/dciodvfy"))
        {
            using var dciodvfy = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dciodvfy", [_directory.File("out/recon.dcs")]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var report = await dciodvfy.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken) + await dciodvfy.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await dciodvfy.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(["Error - Information Object Not found"], report.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)));
        }

        // The threat job reads that CT into slab buffers and reports its bright objects, referencing it.
        var threats = _directory.File("ct-threats.json");
        var threatsText = await File.ReadAllTextAsync(Path.Combine(TestPaths.Config, "ct-threats.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(threats, threatsText.Replace("../out/ct-recon/", "out/", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var detect = await CliRun.RunAsync("run", threats);
        Assert.True(detect.ExitCode == 0, detect.ToString());
        var inspect = await CliRun.RunAsync("inspect", _directory.File("out/threats.dcs"), "--json");
        Assert.Contains("1.2.840.10008.5.1.4.1.1.501.3", inspect.Output, StringComparison.Ordinal);
        Assert.Matches(@"""potentialThreatObjects"":\s*[1-9]", inspect.Output);
    }

    [Fact]
    public async Task The_gpu_code_runs_inside_the_plugins_load_context_on_ilgpus_cpu_accelerator()
    {
        PythonScript.Require("numpy", "nibabel");
        var job = _directory.File("gpu.json");
        await File.WriteAllTextAsync(job, """
            { "name": "gpu", "memory": { "budget": "16 MiB" }, "stages": [
              { "id": "phantom", "use": "recon.phantom", "with": { "size": 64, "angles": 90, "slices": 3, "turnDegreesPerSlice": 20 } },
              { "id": "fbp", "use": "recon.fbp", "from": "phantom", "with": { "device": "ilgpu-cpu" } },
              { "id": "write", "use": "datasets.write-nifti", "from": "fbp", "with": { "path": "recon.nii" } },
              { "id": "reference", "use": "recon.phantom-image", "with": { "size": 64, "slices": 3, "turnDegreesPerSlice": 20 } },
              { "id": "write-reference", "use": "datasets.write-nifti", "from": "reference", "with": { "path": "phantom.nii" } } ] }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(await CompareAsync(_directory.File("recon.nii"), _directory.File("phantom.nii")), r => Assert.InRange(r, 0.01, 0.06));
    }

    [Fact]
    public async Task A_nifti_sinogram_opened_by_the_datasets_plugin_is_reconstructed_by_the_recon_plugin()
    {
        PythonScript.Require("numpy", "nibabel");
        // A disk of radius 20 bins: every projection is the chord length 2√(r² − s²).
        await PythonScript.RunAsync(
            """
            import sys, numpy as np, nibabel as nib
            s = np.arange(64) - 32
            row = 2 * np.sqrt(np.clip(20.0 ** 2 - s ** 2, 0, None))
            data = np.tile(row, (2, 120, 1)).transpose(2, 1, 0).astype(np.float32)  # x = detectors, y = angles, z = slices
            nib.save(nib.Nifti1Image(data, np.eye(4)), sys.argv[1])
            """,
            _directory.File("sinogram.nii"));
        var job = _directory.File("nifti.json");
        await File.WriteAllTextAsync(job, """
            { "name": "nifti", "stages": [
              { "id": "open", "use": "datasets.open", "with": { "path": "sinogram.nii" } },
              { "id": "sinogram", "use": "recon.sinogram", "from": "open" },
              { "id": "fbp", "use": "recon.fbp", "from": "sinogram", "with": { "device": "cpu", "filter": "shepp-logan" } },
              { "id": "write", "use": "datasets.write-nifti", "from": "fbp", "with": { "path": "disk.nii" } } ] }
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("run", job);

        Assert.True(run.ExitCode == 0, run.ToString());
        var figures = (await PythonScript.RunAsync(
            """
            import sys, numpy as np, nibabel as nib
            image = np.asarray(nib.load(sys.argv[1]).dataobj)
            y, x = np.mgrid[:64, :64] - 32
            r = np.hypot(x, y)
            print(image.shape[2], image[..., 1][r < 17].mean(), np.abs(image[..., 1][(r > 23) & (r < 30)]).mean())
            """,
            _directory.File("disk.nii"))).Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, figures[0]);
        Assert.Equal(1.0, figures[1], 0.02);
        Assert.InRange(figures[2], 0, 0.02);
    }

    public void Dispose() => _directory.Dispose();

    private static async Task<double[]> CompareAsync(string recon, string phantom)
    {
        var output = await PythonScript.RunAsync(
            """
            import sys, numpy as np, nibabel as nib
            a = np.asarray(nib.load(sys.argv[1]).dataobj); b = np.asarray(nib.load(sys.argv[2]).dataobj)
            assert a.shape == b.shape, (a.shape, b.shape)
            print(" ".join(str(np.sqrt(np.mean((a[..., z] - b[..., z]) ** 2))) for z in range(a.shape[2])))
            """,
            recon, phantom);
        return [.. output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
    }
}
