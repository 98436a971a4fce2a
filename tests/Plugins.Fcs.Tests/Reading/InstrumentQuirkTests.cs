using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Tests.Reading;

/// <summary>The quirks SOURCES.md lists, file by file.</summary>
public sealed class InstrumentQuirkTests
{
    private static FcsFile Open(string file) => FcsFile.Open(SharedFcs.File(file));

    [Fact]
    public void PnR_masking_clears_vendor_bits_above_the_range()
    {
        var values = FcsEvents.ReadAll(Open("fcsparser/fcs1_cleaned.lmd"));

        Assert.Equal(528, values[0]);
    }

    [Fact]
    public void PnR_masking_recovers_the_System_II_values_from_bits_D10_to_D15()
    {
        var values = FcsEvents.ReadAll(Open("cytoflow/System_II_listmode_with_extra_info_in_bits_D10-D15.LMD"));

        Assert.Equal([223, 323, 296, 161, 234, 224], values[..6]);
    }

    [Fact]
    public void A_PnR_that_is_not_a_power_of_two_masks_with_the_bits_it_needs()
    {
        var dataSet = Open("flowio/variable_int_example.fcs").DataSets[0];

        Assert.Contains(dataSet.Channels, c => c.Range == 11209599 && c.Mask == (1UL << 24) - 1);
        Assert.Contains(dataSet.Channels, c => c.Width == 2);
        Assert.Contains(dataSet.Channels, c => c.Width == 4);
    }

    [Fact]
    public void Beckman_CXP_10_bit_widths_are_read_as_16_bit_values()
    {
        var fcs = Open("cytoflow/Beckman_Coulter_-_Cytomics_FC500.LMD");
        var first = fcs.DataSets[0];

        Assert.All(first.Channels, c => Assert.Equal(2, c.Width));
        Assert.Contains(first.Diagnostics, d => d.Contains("$P1B is 10", StringComparison.Ordinal));
        Assert.Equal(fcs.DataSets[0].EventCount, fcs.DataSets[1].EventCount);
        Assert.All(FcsEvents.ReadAll(fcs, 0), v => Assert.InRange(v, 0, 1023));
    }

    [Fact]
    public void Two_data_sets_chained_by_NEXTDATA_are_both_read()
    {
        var fcs = Open("flowio/coulter.lmd");

        Assert.Equal(["FCS2.0", "FCS3.0"], fcs.DataSets.Select(d => d.Version));
        Assert.Equal(363602, fcs.DataSets[1].Offset);
        Assert.Equal(FcsDataType.Integer, fcs.DataSets[1].DataType);
        Assert.All(fcs.DataSets[1].Channels, c => Assert.Equal(4, c.Width));
        Assert.Equal("$DFCnTOm", fcs.DataSets[0].Spillover!.Source);
    }

    [Fact]
    public void DFC_compensation_is_a_detector_matrix_in_fractions()
    {
        // coulter.lmd: 8 parameters, but $DFCiTOj runs over 5 fluorescence detectors; $DFC1TO3 is "28.40" (percent).
        var spillover = Open("flowio/coulter.lmd").DataSets[0].Spillover!;

        Assert.Equal(["FL1", "FL2", "FL3", "FL4", "FL5"], spillover.Channels);
        Assert.Equal(0.284, spillover[0, 2], 12);
        Assert.Equal(1.0, spillover[2, 2]);
        Assert.Equal(0.0, spillover[2, 0]);
    }

    [Fact]
    public void Three_byte_integers_are_read()
    {
        var dataSet = Open("fcsparser/Cytek_xP5.fcs").DataSets[0];
        var values = FcsEvents.ReadAll(Open("fcsparser/Cytek_xP5.fcs"));

        Assert.All(dataSet.Channels, c => Assert.Equal(3, c.Width));
        Assert.Equal([0, 286, 164, 154, 54, 470, 1023, 770], values[..8]);
        Assert.Equal(18988, values.Where((_, i) => i % 8 == 0).Max());
    }

    [Fact]
    public void Keys_with_leading_spaces_are_trimmed()
    {
        Assert.Equal(FcsDataType.Integer, Open("cytoflow/PU87_2_B200.fcs").DataSets[0].DataType);
    }

    [Fact]
    public void Non_utf8_bytes_in_TEXT_are_kept_as_latin1()
    {
        var keywords = Open("flowio/3FITC_4PE_004.fcs").DataSets[0].Keywords;

        Assert.Contains(keywords.Keys, k => keywords[k]!.Contains('\u00AA', StringComparison.Ordinal));
    }

    [Fact]
    public void Utf8_text_is_decoded()
    {
        var channels = Open("flowio/G11.fcs").DataSets[0].Channels;

        Assert.Contains(channels, c => c.Label?.Contains('™', StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Blank_header_data_offsets_fall_back_to_TEXT()
    {
        var large = FcsEvents.ReadAll(Open("fcsparser/fake_large_fcs.fcs"));
        var fortessa = FcsEvents.ReadAll(Open("fcsparser/FCS_3.0_Fortessa_PBS_Specimen_001_A1_A01.fcs"));

        Assert.Equal(fortessa, large);
    }

    [Fact]
    public void Supplemental_TEXT_is_merged_and_a_zip_archive_in_its_place_is_ignored_with_a_note()
    {
        var withStext = Open("fcsparser/EY_2013-07-19_PBS_FCS_3.1_Well_A1.001.fcs").DataSets[0];
        var withZip = Open("fcsparser/cyflow_cube_8.fcs").DataSets[0];

        Assert.True(withStext.Keywords.Count > 200, $"{withStext.Keywords.Count} keywords");
        Assert.Contains(withZip.Diagnostics, d => d.Contains("does not start with the TEXT delimiter", StringComparison.Ordinal));
    }

    [Fact]
    public void Spillover_matrices_are_read_from_SPILLOVER_and_SPILL_and_a_names_only_one_gives_none()
    {
        var spillover = Open("flowio/B01_KC-A-W---91-US.fcs").DataSets[0].Spillover!;
        var spill = Open("flowkit/test_comp_example.fcs").DataSets[0].Spillover!;

        Assert.Equal("$SPILLOVER", spillover.Source);
        Assert.Equal(1.0, spillover[0, 0]);
        Assert.Equal("SPILL", spill.Source);
        Assert.Equal(14, spill.Channels.Count);
        Assert.Null(Open("fcsparser/EY_2013-07-19_PBS_FCS_3.1_Well_A1.001.fcs").DataSets[0].Spillover);
    }

    [Fact]
    public void An_ANALYSIS_segment_is_read_as_keywords()
    {
        var analysis = Open("cytoflow/System_II_listmode_with_extra_info_in_bits_D10-D15.LMD").DataSets[0].Analysis;

        Assert.NotNull(analysis);
        Assert.True(analysis.Contains("$STATUS"));
    }

    [Fact]
    public void A_missing_PnN_is_named_after_its_number()
    {
        var dataSet = Open("flowcore/0877408774.B08").DataSets[0];

        Assert.Equal("P6", dataSet.Channels[5].Name);
        Assert.Contains(dataSet.Diagnostics, d => d.Contains("$P6N is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Off_by_one_DATA_ends_are_tolerated_with_a_note()
    {
        Assert.Contains(Open("cytoflow/Partec_-_PAS.FCS").DataSets[0].Diagnostics, d => d.Contains("one byte past", StringComparison.Ordinal));
    }
}
