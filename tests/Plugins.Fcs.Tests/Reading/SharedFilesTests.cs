using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Tests.Reading;

/// <summary>Every file in tests/data/fcs opens, or is refused, as its SOURCES.md row says.</summary>
public sealed class SharedFilesTests
{
    public static TheoryData<string, int, long, int> Readable => new()
    {
        { "flowio/3FITC_4PE_004.fcs", 1, 94569, 4 },
        { "flowio/B01_KC-A-W---91-US.fcs", 1, 1589, 14 },
        { "flowio/G11.fcs", 1, 5785, 12 },
        { "flowio/coulter.lmd", 2, 18110, 8 },
        { "flowio/data1.fcs", 1, 13367, 8 },
        { "flowio/variable_int_example.fcs", 1, 2, 26 },
        { "fcsparser/Cytek_xP5.fcs", 1, 23126, 8 },
        { "fcsparser/EY_2013-07-19_PBS_FCS_2.0_Custom_Without_Add_Well_A1.001.fcs", 1, 10000, 16 },
        { "fcsparser/EY_2013-07-19_PBS_FCS_3.1_Well_A1.001.fcs", 1, 10000, 19 },
        { "fcsparser/FCS3.0_Custom_Compatible.fcs", 1, 10000, 16 },
        { "fcsparser/FCS_3.0_Fortessa_PBS_Specimen_001_A1_A01.fcs", 1, 11585, 11 },
        { "fcsparser/cyflow_cube_8.fcs", 1, 725, 10 },
        { "fcsparser/fake_large_fcs.fcs", 1, 11585, 11 },
        { "fcsparser/fcs1_cleaned.lmd", 1, 50000, 7 },
        { "flowcal/Data001.fcs", 1, 20949, 6 },
        { "flowcal/Data002.fcs", 1, 20000, 9 },
        { "flowcore/060909.001", 1, 10000, 7 },
        { "flowcore/0877408774.B08", 1, 10000, 8 },
        { "flowkit/data_set_simple_line_100.fcs", 1, 100, 2 },
        { "flowkit/index_sorted_example.fcs", 1, 384, 13 },
        { "flowkit/test_comp_example.fcs", 1, 10703, 18 },
        { "cytoflow/Beckman_Coulter_-_Cytomics_FC500.LMD", 2, 27072, 4 },
        { "cytoflow/PU87_2_B200.fcs", 1, 5000, 3 },
        { "cytoflow/Partec_-_PAS.FCS", 1, 33649, 8 },
        { "cytoflow/System_II_listmode_with_extra_info_in_bits_D10-D15.LMD", 1, 10358, 6 },
    };

    public static TheoryData<string, string> Refused => new()
    {
        { "fcsparser/corrupted.fcs", "not an FCS file" },
        { "fcsparser/sample_header.fcs", "it is truncated" },
        { "flowio/data_start_offset_discrepancy_example.fcs", "HEADER says DATA starts at 5555, TEXT $BEGINDATA says 6081 (use lenient mode to trust HEADER)" },
        { "flowio/data_stop_offset_discrepancy_example.fcs", "HEADER says DATA ends at 6944, TEXT $ENDDATA says 6188 (use lenient mode to trust HEADER)" },
        { "cytoflow/Beckman_Coulter_-_Cyan.fcs", "HEADER says DATA starts at 2284, TEXT $BEGINDATA says 2330" },
        { "npm-fcs/AriaFile1.fcs", "HEADER says DATA starts at 2636, TEXT $BEGINDATA says 2634" },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Opens_and_reads_every_event(string file, int dataSets, long events, int channels)
    {
        var fcs = FcsFile.Open(SharedFcs.File(file));

        Assert.Equal(dataSets, fcs.DataSets.Count);
        Assert.Equal(events, fcs.DataSets[0].EventCount);
        Assert.Equal(channels, fcs.DataSets[0].Channels.Count);
        for (var i = 0; i < fcs.DataSets.Count; i++)
        {
            var dataSet = fcs.DataSets[i];
            var values = FcsEvents.ReadAll(fcs, i);
            Assert.Equal(dataSet.EventCount * dataSet.Channels.Count, values.Length);
            Assert.All(values, v => Assert.True(double.IsFinite(v) || dataSet.DataType != FcsDataType.Integer));
            if (dataSet.DataType == FcsDataType.Integer)
            {
                for (var c = 0; c < dataSet.Channels.Count; c++)
                {
                    var mask = dataSet.Channels[c].Mask;
                    for (var e = 0; e < dataSet.EventCount; e++)
                    {
                        Assert.True(values[(e * dataSet.Channels.Count) + c] <= mask);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_by_default_with_a_message_that_says_why(string file, string expected)
    {
        var error = Assert.Throws<FcsDataException>(() => FcsFile.Open(SharedFcs.File(file)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.GetFileName(file), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_10_byte_garbage_file_is_refused_even_leniently()
    {
        Assert.Throws<FcsDataException>(() => FcsFile.Open(SharedFcs.File("fcsparser/corrupted.fcs"), new FcsReadOptions { Lenient = true }));
    }

    [Theory]
    [InlineData("flowio/data_start_offset_discrepancy_example.fcs", 2)]
    [InlineData("flowio/data_stop_offset_discrepancy_example.fcs", 2)]
    [InlineData("cytoflow/Beckman_Coulter_-_Cyan.fcs", 5789)]
    public void Lenient_mode_trusts_the_header_and_says_so(string file, long events)
    {
        var fcs = FcsFile.Open(SharedFcs.File(file), new FcsReadOptions { Lenient = true });

        Assert.Equal(events, fcs.DataSets[0].EventCount);
        Assert.Contains(fcs.DataSets[0].Diagnostics, d => d.Contains("HEADER trusted", StringComparison.Ordinal));
        Assert.Equal(events * fcs.DataSets[0].Channels.Count, FcsEvents.ReadAll(fcs).Length);
    }

    [Fact]
    public void A_truncated_file_read_leniently_gives_its_whole_events_from_the_header_offset()
    {
        var fcs = FcsFile.Open(SharedFcs.File("npm-fcs/AriaFile1.fcs"), new FcsReadOptions { Lenient = true });
        var values = FcsEvents.ReadAll(fcs);

        Assert.Equal(6052, fcs.DataSets[0].EventCount);
        Assert.Equal(33471.21, values[0], 2);
        Assert.Equal(33250.0, values[1]);
        Assert.Equal(1708.0, values[2]);
    }

    [Fact]
    public void A_file_truncated_after_TEXT_can_be_read_for_its_keywords()
    {
        var fcs = FcsFile.Open(SharedFcs.File("fcsparser/sample_header.fcs"), new FcsReadOptions { KeywordsOnly = true });

        var dataSet = fcs.DataSets[0];
        Assert.Equal(27, dataSet.Channels.Count);
        Assert.Equal(20000, dataSet.Keywords.GetInt64("$TOT"));
        Assert.NotNull(dataSet.Spillover);
    }
}
