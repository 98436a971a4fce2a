using System.Runtime.InteropServices;
using System.Text;
using Conduit.Abstractions.Errors;
using Conduit.Plugins.Recon.Loading;
using Conduit.Plugins.Recon.Stages;
using Conduit.Testing.Processes;
using Conduit.Testing.Stages;
using FsCheck;
using FsCheck.Fluent;

namespace Conduit.Plugins.Recon.Tests.Loading;

/// <summary>Sinogram files written by numpy and h5py, read back value by value; broken ones refused with the reason.</summary>
public sealed class LoadSinogramTests
{
    // Every file holds value(z, a, d) = 1000 z + 10 a + d / 2 at slice z, angle a, detector d (exact in float32).
    private const int Slices = 3;
    private const int Angles = 5;
    private const int Detectors = 7;

    private const string Writer = """
        import sys, numpy as np
        z, a, d = np.meshgrid(np.arange(3), np.arange(5), np.arange(7), indexing="ij")
        values = 1000.0 * z + 10.0 * a + d / 2.0
        kind, path = sys.argv[1], sys.argv[2]
        if kind == "npy-f8":
            np.save(path, values)
        elif kind == "npy-be-f4":
            np.save(path, values.astype(">f4"))
        elif kind == "npy-i4-angles-first":
            np.save(path, (2 * values).astype("<i4").transpose(1, 0, 2).copy())
        elif kind == "npy-2d":
            np.save(path, values[0].astype(np.float32))
        elif kind == "npy-fortran":
            np.save(path, np.asfortranarray(values.astype(np.float32)))
        else:
            import h5py
            with h5py.File(path, "w") as f:
                if kind == "h5-f4":
                    f["sinogram"] = values.astype(np.float32)
                    f["angles"] = np.array([0, 30, 60, 90, 120], dtype=np.float32)
                elif kind == "h5-exchange-u2":
                    f["exchange/data"] = (2 * values).astype(np.uint16).transpose(1, 0, 2)
                    f["exchange/theta"] = np.linspace(0, 180, 5, endpoint=False)
        """;

    [Theory]
    [InlineData("npy-f8", "s.npy", "slices-angles-detectors", 1)]
    [InlineData("npy-be-f4", "s.npy", "slices-angles-detectors", 1)]
    [InlineData("npy-i4-angles-first", "s.npy", "angles-slices-detectors", 2)]
    [InlineData("h5-f4", "s.h5", "slices-angles-detectors", 1)]
    [InlineData("h5-exchange-u2", "s.h5", "angles-slices-detectors", 2)]
    public async Task Files_written_by_numpy_and_h5py_load_value_for_value(string kind, string name, string axes, float scale)
    {
        PythonScript.Require("numpy", "h5py");
        using var harness = new StageHarness();
        var path = harness.Directory.File(name);
        await PythonScript.RunAsync(Writer, kind, path);
        var options = new LoadSinogramOptions
        {
            Path = name,
            Axes = axes == "angles-slices-detectors" ? SinogramAxes.AnglesSlicesDetectors : SinogramAxes.SlicesAnglesDetectors,
            Dataset = kind == "h5-exchange-u2" ? "exchange/data" : "sinogram",
            AnglesDataset = kind == "h5-exchange-u2" ? "exchange/theta" : "angles",
        };

        var sinograms = await harness.RunSourceAsync(new LoadSinogramStage(options), TestContext.Current.CancellationToken);
        try
        {
            Assert.Equal(Slices, sinograms.Count);
            for (var z = 0; z < Slices; z++)
            {
                var values = MemoryMarshal.Cast<byte, float>(sinograms[z].Data.Span);
                for (var a = 0; a < Angles; a++)
                {
                    for (var d = 0; d < Detectors; d++)
                    {
                        Assert.Equal(scale * ((1000f * z) + (10f * a) + (d / 2f)), values[(a * Detectors) + d]);
                    }
                }
            }

            var angles = sinograms[0].Geometry.Angles.ToArray().Select(r => Math.Round(r * 180 / Math.PI, 9));
            Assert.Equal(kind == "h5-f4" ? [0, 30, 60, 90, 120] : new double[] { 0, 36, 72, 108, 144 }, angles);
        }
        finally
        {
            sinograms.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task A_two_dimensional_array_is_one_slice()
    {
        PythonScript.Require("numpy");
        using var harness = new StageHarness();
        await PythonScript.RunAsync(Writer, "npy-2d", harness.Directory.File("s.npy"));
        var sinograms = await harness.RunSourceAsync(new LoadSinogramStage(new LoadSinogramOptions { Path = "s.npy" }), TestContext.Current.CancellationToken);
        Assert.Single(sinograms);
        Assert.Equal((Angles, Detectors), (sinograms[0].Geometry.AngleCount, sinograms[0].Geometry.Detectors));
        sinograms.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task An_angle_list_that_does_not_match_the_sinogram_rows_is_refused()
    {
        PythonScript.Require("numpy");
        using var harness = new StageHarness();
        await PythonScript.RunAsync(Writer, "npy-f8", harness.Directory.File("s.npy"));
        var error = await Assert.ThrowsAsync<ConduitDataException>(() => harness.RunSourceAsync(new LoadSinogramStage(new LoadSinogramOptions { Path = "s.npy", Angles = [0, 45, 90] }), TestContext.Current.CancellationToken));
        Assert.EndsWith("s.npy: 3 projection angles in the 'angles' option, but the sinogram has 5 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Angles_that_are_not_numbers_are_a_data_error_naming_the_angle()
    {
        // Found by fuzzing (HDF5 target): a NaN angle from the file reached the geometry as an argument exception.
        using var harness = new StageHarness();
        File.WriteAllBytes(harness.Directory.File("s.npy"), [.. NpyHeader.Write([2, 3]), .. new byte[2 * 3 * sizeof(float)]]);

        var error = await Assert.ThrowsAsync<ConduitDataException>(() => harness.RunSourceAsync(new LoadSinogramStage(new LoadSinogramOptions { Path = "s.npy", Angles = [0, double.NaN] }), TestContext.Current.CancellationToken));

        Assert.EndsWith("s.npy: projection angle 1 in the 'angles' option is NaN, not a number of degrees", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slice_larger_than_the_pool_can_lend_is_refused_before_the_file_is_read_at_that_size()
    {
        // Found by fuzzing (HDF5 target): the angles were read, at the size the header gave, before any budget was asked.
        using var harness = new StageHarness(budgetBytes: 64);
        File.WriteAllBytes(harness.Directory.File("s.npy"), [.. NpyHeader.Write([4, 5]), .. new byte[4 * 5 * sizeof(float)]]);

        var error = await Assert.ThrowsAsync<Conduit.Abstractions.Memory.MemoryBudgetExceededException>(() => harness.RunSourceAsync(new LoadSinogramStage(new LoadSinogramOptions { Path = "s.npy" }), TestContext.Current.CancellationToken));

        Assert.EndsWith("s.npy: one slice of 4 angles × 5 detectors needs 80 B, more than pool 'default' can lend (64 B)", error.Message, StringComparison.Ordinal);
        Assert.Equal(80, error.RequestedBytes);
    }

    [Fact]
    public async Task Fortran_order_is_refused_with_what_to_do()
    {
        PythonScript.Require("numpy");
        using var harness = new StageHarness();
        await PythonScript.RunAsync(Writer, "npy-fortran", harness.Directory.File("s.npy"));
        var error = await Assert.ThrowsAsync<SinogramFormatException>(() => harness.RunSourceAsync(new LoadSinogramStage(new LoadSinogramOptions { Path = "s.npy" }), TestContext.Current.CancellationToken));
        Assert.Contains("Fortran order", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (720, 0), }", "is not a sinogram")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (720, 512), }", "needs 1474560 bytes from offset 74, but the file ends at 174 (truncated?)")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (4, 4), }", "element type '<c8' is not a plain number")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999, 99999), }", "is too large")]
    [InlineData("{'descr': '<f4', 'shape': (4, 4), }", "must give 'descr', 'fortran_order' and 'shape'")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (4, 4), }", "offset 44: .npy header: expected True or False")]
    public void Broken_headers_are_refused_with_the_file_offset_and_reason(string dict, string expected)
    {
        var path = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. Header(dict), .. new byte[100]]);
            var error = Assert.Throws<SinogramFormatException>(() => SinogramFiles.Open(path, "sinogram", "angles", SinogramAxes.SlicesAnglesDetectors).Dispose());
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Random_and_mutated_headers_are_read_or_refused_cleanly_without_allocating_what_they_claim()
    {
        var valid = Header("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }");
        var path = System.IO.Path.GetTempFileName();
        var mutation =
            from position in Gen.Choose(0, valid.Length + 60)
            from value in Gen.Choose(0, 255)
            from cut in Gen.Choose(0, valid.Length + 48)
            from kind in Gen.Choose(0, 2)
            select (position, (byte)value, cut, kind);
        try
        {
            Prop.ForAll(mutation.ToArbitrary(), m =>
            {
                byte[] bytes = [.. valid, .. new byte[48]];
                if (m.kind != 1)
                {
                    bytes[m.position % bytes.Length] = m.Item2;
                }

                if (m.kind != 0)
                {
                    bytes = bytes[..(m.cut % bytes.Length)];
                }

                File.WriteAllBytes(path, bytes);
                try
                {
                    using var source = SinogramFiles.Open(path, "sinogram", "angles", SinogramAxes.SlicesAnglesDetectors);
                    source.ReadSlice(0, new float[source.Angles * source.Detectors]);
                }
                catch (SinogramFormatException)
                {
                }
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Header(string dict)
    {
        var text = dict.PadRight(64 - 10 - 1) + "\n";
        byte[] prefix = [0x93, .. "NUMPY"u8, 1, 0, (byte)text.Length, 0];
        return [.. prefix, .. Encoding.ASCII.GetBytes(text)];
    }
}
