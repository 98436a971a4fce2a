using Conduit.Abstractions.Messages;
using Conduit.Plugins.Spectrum.Ismrmrd;

namespace Conduit.Plugins.Spectrum.Tests.Ismrmrd;

public sealed class IsmrmrdAcquisitionsTests
{
    [Fact]
    public void Labels_become_encoding_counters_and_a_second_play_continues_the_repetitions()
    {
        // Two plays of a sequence that labels two repetitions itself (REP 0, 1), two lines each.
        var windows = new List<AcquisitionWindow>();
        for (var play = 0; play < 2; play++)
        {
            for (var rep = 0; rep < 2; rep++)
            {
                for (var lin = 0; lin < 2; lin++)
                {
                    windows.Add(Window(windows.Count, play, new() { ["LIN"] = lin, ["REP"] = rep, ["SLC"] = 3, ["ECO"] = 1 }));
                }
            }
        }

        var headers = IsmrmrdAcquisitions.Headers(windows);

        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3], headers.Select(h => (int)h.Index.Repetition));
        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1], headers.Select(h => (int)h.Index.KSpaceEncodeStep1));
        Assert.All(headers, h => Assert.Equal((3, 1), (h.Index.Slice, h.Index.Contrast)));
        Assert.Equal([0u, 1, 2, 3, 4, 5, 6, 7], headers.Select(h => h.ScanCounter));
        Assert.All(headers, h => Assert.Equal((16, 1, 1, 1, 2.5f, (ushort)8), (h.NumberOfSamples, h.ActiveChannels, h.AvailableChannels, (int)h.Version, h.SampleTimeMicroseconds, h.CenterSample)));
    }

    [Fact]
    public void First_and_last_flags_mark_each_loop_of_a_3d_acquisition()
    {
        // Partitions outside lines, one slice, one repetition: 2 × 3 lines.
        var windows = Enumerable.Range(0, 6).Select(i => Window(i, 0, new() { ["PAR"] = i / 3, ["LIN"] = i % 3 })).ToList();

        var flags = IsmrmrdAcquisitions.Headers(windows).Select(h => (IsmrmrdFlags)h.Flags).ToArray();

        const IsmrmrdFlags First = IsmrmrdFlags.FirstInEncodeStep1 | IsmrmrdFlags.FirstInEncodeStep2 | IsmrmrdFlags.FirstInSlice | IsmrmrdFlags.FirstInRepetition;
        const IsmrmrdFlags Last = IsmrmrdFlags.LastInEncodeStep1 | IsmrmrdFlags.LastInEncodeStep2 | IsmrmrdFlags.LastInSlice | IsmrmrdFlags.LastInRepetition | IsmrmrdFlags.LastInMeasurement;
        Assert.Equal(
            [First, IsmrmrdFlags.None, IsmrmrdFlags.LastInEncodeStep1, IsmrmrdFlags.FirstInEncodeStep1, IsmrmrdFlags.None, Last],
            flags);
    }

    [Fact]
    public void Reversed_and_navigator_lines_are_flagged()
    {
        var windows = new List<AcquisitionWindow> { Window(0, 0, new() { ["REV"] = 1 }), Window(1, 0, new() { ["NAV"] = 1 }) };

        var flags = IsmrmrdAcquisitions.Headers(windows).Select(h => (IsmrmrdFlags)h.Flags).ToArray();

        Assert.True(flags[0].HasFlag(IsmrmrdFlags.IsReverse) && !flags[0].HasFlag(IsmrmrdFlags.IsNavigationData));
        Assert.True(flags[1].HasFlag(IsmrmrdFlags.IsNavigationData) && !flags[1].HasFlag(IsmrmrdFlags.IsReverse));
    }

    [Fact]
    public void A_label_beyond_16_bits_is_refused_with_its_event()
    {
        var error = Assert.Throws<InvalidDataException>(() => IsmrmrdAcquisitions.Headers([Window(5, 0, new() { ["LIN"] = 70000 })]));

        Assert.Equal("ADC event 5: LIN is 70000, and ISMRMRD counts it in 16 bits (0 to 65535)", error.Message);
    }

    [Fact]
    public void Limits_take_the_centres_the_sequence_defines()
    {
        var sequence = new SequenceDescription("gre", null, [new("kSpaceCenterLine", "5"), new("kSpaceCenterSample", "7")]);
        var windows = Enumerable.Range(0, 8).Select(i => Window(i, 0, new() { ["LIN"] = i + 2 }) with { Sequence = sequence }).ToList();

        var limits = IsmrmrdAcquisitions.Limits(IsmrmrdAcquisitions.Headers(windows), sequence);

        Assert.Equal(("kspace_encoding_step_0", 0, 15, 7), limits[0]);
        Assert.Equal(("kspace_encoding_step_1", 2, 9, 5), limits[1]);
        Assert.Equal(("kspace_encoding_step_2", 0, 0, 0), limits[2]);
    }

    private static AcquisitionWindow Window(long index, int repetition, Dictionary<string, int> labels) =>
        new(index, repetition, (int)index, index * 1000, 400, 16, 2.5e-6, 10e6, 0, 0, labels);
}
