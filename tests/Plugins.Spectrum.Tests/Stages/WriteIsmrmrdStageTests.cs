using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Spectrum.Ismrmrd;
using Conduit.Plugins.Spectrum.Stages;
using Conduit.Testing.Processes;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Spectrum.Tests.Stages;

/// <summary><c>spectrum.write-ismrmrd</c> through the real libismrmrd, its files read back by h5py (an independent
/// reader of the HDF5 layout) and by libismrmrd.</summary>
public sealed class WriteIsmrmrdStageTests
{
    private static readonly SequenceDescription Sequence = new("gre", "md5:0123456789abcdef0123456789abcdef", [new("FOV", "0.2 0.25 0.005"), new("kSpaceCenterLine", "2")]);

    [Fact]
    public async Task Every_line_of_every_repetition_becomes_an_acquisition_with_its_samples_labels_and_the_sequence_in_the_header()
    {
        ExternalTool.RequireLibrary(IsmrmrdNative.Library, "libismrmrd1.8");
        PythonScript.Require("h5py");
        using var harness = new StageHarness();
        var lines = new List<AcquiredLine>();
        for (var i = 0; i < 8; i++)
        {
            lines.Add(Line(harness, i, repetition: i / 4, lin: i % 4));
        }

        await harness.RunSinkAsync(new WriteIsmrmrdStage(new WriteIsmrmrdOptions { Path = "raw.h5" }), lines, TestContext.Current.CancellationToken);
        var path = Assert.Single(harness.CommitOutputs());

        var facts = await PythonScript.RunAsync("""
            import sys, h5py
            f = h5py.File(sys.argv[1], "r")
            head = f["dataset/data"]["head"]
            data = f["dataset/data"]["data"]
            print([int(h["idx"]["kspace_encode_step_1"]) for h in head], [int(h["idx"]["repetition"]) for h in head])
            print([int(h["number_of_samples"]) for h in head][0], float(head[0]["sample_time_us"]), [float(v) for v in data[5][:4]])
            xml = f["dataset/xml"][0].decode()
            for part in ["<sequenceName>gre</sequenceName>", "<H1resonanceFrequency_Hz>2000000</H1resonanceFrequency_Hz>", "<x>200</x>", "<y>250</y>", "<z>5</z>", "<center>2</center>", "<name>pulseq.signature</name>", "<value>md5:0123456789abcdef0123456789abcdef</value>", "<name>pulseq.definition.FOV</name>", "<maximum>3</maximum>", "<trajectory>cartesian</trajectory>"]:
                print(part in xml, end=" ")
            """, path);

        Assert.Equal("[0, 1, 2, 3, 0, 1, 2, 3] [0, 0, 0, 0, 1, 1, 1, 1]\n16 2.5 [5000.0, -5.0, 5001.0, -5.0]\nTrue True True True True True True True True True True ", facts);
        using var file = IsmrmrdDataset.Open(path);
        Assert.Equal(8u, file.Count);
        var (header, samples) = file.Read(7);
        Assert.Equal(((ushort)3, (ushort)1, 7u), (header.Index.KSpaceEncodeStep1, header.Index.Repetition, header.ScanCounter));
        Assert.True(((IsmrmrdFlags)header.Flags).HasFlag(IsmrmrdFlags.LastInMeasurement));
        Assert.Equal(Values(7), samples);
    }

    [Fact]
    public async Task Without_a_field_of_view_from_the_sequence_or_the_options_the_stage_says_which_option_to_give_and_writes_nothing()
    {
        ExternalTool.RequireLibrary(IsmrmrdNative.Library, "libismrmrd1.8");
        using var harness = new StageHarness();
        var line = Line(harness, 0, 0, 0, sequence: Sequence with { Definitions = [] });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.RunSinkAsync(new WriteIsmrmrdStage(new WriteIsmrmrdOptions { Path = "raw.h5" }), [line], TestContext.Current.CancellationToken));

        Assert.Equal("raw.h5: the sequence defines no FOV, and the ISMRMRD header needs one: give fieldOfView (mm)", error.Message);
        Assert.Empty(harness.CommitOutputs());
        Assert.Empty(harness.Directory.ListFiles());
    }

    // Line i: 16 samples whose real parts count from 1000 i and imaginary parts are −i.
    private static AcquiredLine Line(StageHarness harness, int i, int repetition, int lin, SequenceDescription? sequence = null)
    {
        var window = new AcquisitionWindow(i, repetition, i % 4, i * 10000L, 400, 16, 2.5e-6, 10e6, 0, 0, new Dictionary<string, int> { ["LIN"] = lin })
        {
            Sequence = sequence ?? Sequence,
            CarrierFrequencyHz = 2e6,
        };
        Assert.True(harness.Pool.TryRent(16 * 8, out var lease));
        lease.CopyFrom(MemoryMarshal.AsBytes(Values(i).AsSpan()));
        return new AcquiredLine(window, lease);
    }

    private static float[] Values(int i) => [.. Enumerable.Range(0, 16).SelectMany(k => new[] { (1000f * i) + k, -i })];
}
