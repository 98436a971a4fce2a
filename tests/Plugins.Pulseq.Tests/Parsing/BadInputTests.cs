using System.Text;
using Conduit.Plugins.Pulseq.Parsing;

namespace Conduit.Plugins.Pulseq.Tests.Parsing;

/// <summary>Files that must be refused, each with the line and what was wrong; and oddities that are only reported.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void The_minimal_file_reads()
    {
        var sequence = Parse(SeqText.Minimal());

        Assert.Equal(1, sequence.Summary.Blocks);
        Assert.Equal(1_000_000_000, sequence.Summary.DurationPs);
        Assert.Equal(64, sequence.Summary.AdcSamples);
    }

    [Fact]
    public void A_missing_shape_is_refused_with_the_line_of_the_event()
    {
        var text = SeqText.Minimal().Replace("[RF]\n1 250 1 0 0 100 0 0", "[RF]\n1 250 7 0 0 100 0 0", StringComparison.Ordinal);

        var error = Assert.Throws<PulseqDataException>(() => Parse(text));

        Assert.Equal(LineOf(text, "1 250 7 0 0 100 0 0"), error.Line);
        Assert.Contains("magnitude shape 7 is not in [SHAPES]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_that_refers_to_an_undefined_event_is_refused()
    {
        var text = SeqText.Minimal(extraBlocks: "2 100 0 0 9 0 0 0\n");

        var error = Assert.Throws<PulseqDataException>(() => Parse(text));

        Assert.Equal(LineOf(text, "2 100 0 0 9 0 0 0"), error.Line);
        Assert.Contains("gradient (y) 9, which is not defined", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[ADC]\n1 -64 10000 100 0 0", "num is -64")]
    [InlineData("[ADC]\n1 99999999999999 10000 100 0 0", "num is 99999999999999")]
    [InlineData("[TRAP]\n1 10000 -100 500 100 50", "rise is -100")]
    [InlineData("[ADC]\n1 64 0 100 0 0", "dwell 0 ns")]
    public void Negative_or_huge_counts_and_times_are_refused(string replacement, string expected)
    {
        var section = replacement[..replacement.IndexOf('\n', StringComparison.Ordinal)];
        var original = section == "[ADC]" ? "[ADC]\n1 64 10000 100 0 0" : "[TRAP]\n1 10000 100 500 100 50";
        var text = SeqText.Minimal().Replace(original, replacement, StringComparison.Ordinal);

        var error = Assert.Throws<PulseqDataException>(() => Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(text, replacement[(section.Length + 1)..]), error.Line);
    }

    [Fact]
    public void A_shape_whose_repeat_count_claims_more_than_num_samples_is_refused_without_allocating_it()
    {
        var text = SeqText.Minimal(shapes: "shape_id 1\nnum_samples 6\n1\n0\n0\n2000000000\n");

        var error = Assert.Throws<PulseqDataException>(() => Parse(text));

        Assert.Contains("repeat count 2000000000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_num_samples_is_refused_before_anything_is_allocated()
    {
        var error = Assert.Throws<PulseqDataException>(() => Parse(SeqText.Minimal(shapes: "shape_id 1\nnum_samples 2000000000\n0\n0\n1999999998\n")));

        Assert.Contains("shape 1 brings the decoded shapes past", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_small_shapes_that_expand_hugely_are_refused_together()
    {
        var shapes = string.Concat(Enumerable.Range(1, 200).Select(i => $"shape_id {i}\nnum_samples 16777215\n0\n0\n16777213\n\n"));

        var error = Assert.Throws<PulseqDataException>(() => Parse(SeqText.Minimal(shapes: shapes)));

        Assert.Contains("decoded shapes past", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_constant_shapes_run_length_coded_in_a_small_file_are_read_and_counted_by_the_estimate()
    {
        // As CEST files hold 15 s CW saturation pulses: two constant shapes of 9 M samples, a few bytes each, together
        // past the 16 Mi samples a 1 KB file was once allowed.
        const int Samples = 9_000_000;
        var shapes = "shape_id 1\nnum_samples 4\n1\n1\n1\n1\n\n" + string.Concat(new[] { 2, 3 }.Select(i => $"shape_id {i}\nnum_samples {Samples}\n1\n0\n0\n{Samples - 3}\n\n"));
        var text = SeqText.Minimal(shapes: shapes);
        using var directory = new Conduit.Testing.Files.TemporaryDirectory();
        var path = directory.File("cw.seq");
        File.WriteAllText(path, text);

        var sequence = Parse(text);

        Assert.True(text.Length < 1024);
        Assert.Equal(Samples, sequence.Shapes[3].Values.Length);
        Assert.Equal((1.0, 1.0), (sequence.Shapes[3].Values[0], sequence.Shapes[3].Values[^1]));
        Assert.Equal((2L * Samples) + 4, Conduit.Plugins.Pulseq.Stages.LoadPulseqEstimator.DeclaredShapeSamples(path));
    }

    [Fact]
    public void A_cancelled_parse_stops_within_a_few_thousand_lines()
    {
        var blocks = string.Concat(Enumerable.Range(2, 100_000).Select(i => $"{i} 100 0 0 0 0 0 0\n"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => SeqReader.Parse(Encoding.ASCII.GetBytes(SeqText.Minimal(extraBlocks: blocks)), "long.seq", cancelled.Token));
    }

    [Fact]
    public void An_empty_shape_used_by_an_event_is_refused()
    {
        var error = Assert.Throws<PulseqDataException>(() => Parse(SeqText.Minimal(shapes: "shape_id 1\nnum_samples 0\n")));

        Assert.Contains("magnitude shape 1 is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_raster_below_a_picosecond_is_refused()
    {
        var error = Assert.Throws<PulseqDataException>(() => Parse(SeqText.Minimal().Replace("BlockDurationRaster 1e-05", "BlockDurationRaster 1e-13", StringComparison.Ordinal)));

        Assert.Contains("BlockDurationRaster", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocks_that_add_up_past_a_million_seconds_are_refused_not_wrapped()
    {
        var text = SeqText.Minimal(extraBlocks: "2 90000000000 0 0 0 0 0 0\n3 90000000000 0 0 0 0 0 0\n");

        var error = Assert.Throws<PulseqDataException>(() => Parse(text));

        Assert.Contains("10⁶ s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rotation_that_is_not_a_unit_quaternion_is_refused()
    {
        var text = SeqText.Minimal(extraBlocks: "2 10 0 0 0 0 0 1\n", extensions: "[EXTENSIONS]\n1 1 1 0\nextension ROTATIONS 1\n1 0 0 0 0\n\n");

        var error = Assert.Throws<PulseqDataException>(() => Parse(text));

        Assert.Contains("not a unit quaternion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_value_written_as_a_float_is_read_as_its_integer()
    {
        var text = SeqText.Minimal(extraBlocks: "2 10 0 0 0 0 0 1\n", extensions: "[EXTENSIONS]\n1 1 1 0\nextension LABELSET 1\n1 1.0 ONCE\n\n");

        Assert.Equal(2, Parse(text).Summary.Blocks);
    }

    [Fact]
    public void A_shape_with_fewer_values_than_num_samples_is_refused()
    {
        var error = Assert.Throws<PulseqDataException>(() => Parse(SeqText.Minimal(shapes: "shape_id 1\nnum_samples 4\n1\n0\n")));

        Assert.Contains("decompresses to 2 samples, num_samples says 4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("major 2\nminor 0\nrevision 0\n", "format version 2.0.0 is not supported")]
    [InlineData("major 1\nminor 1\nrevision 0\n", "format version 1.1.0 is not supported")]
    [InlineData("major 1\nminor 9\nrevision 0\n", "format version 1.9.0 is not supported")]
    public void Unknown_versions_are_refused(string version, string expected)
    {
        var error = Assert.Throws<PulseqDataException>(() => Parse(SeqText.Minimal(version: version)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void A_file_without_a_version_is_refused()
    {
        var text = SeqText.Minimal().Replace("[VERSION]\nmajor 1\nminor 4\nrevision 1\n", string.Empty, StringComparison.Ordinal);

        var error = Assert.Throws<PulseqDataException>(() => Parse(text));

        Assert.Contains("no [VERSION]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_refused_or_read_as_what_it_holds_never_crashes()
    {
        var bytes = File.ReadAllBytes(SharedPulseq.File("pulseq_gre_v151.seq"));
        foreach (var length in new[] { 0, 10, 120, 400, 2000, bytes.Length / 2, bytes.Length - 300 })
        {
            try
            {
                var sequence = SeqReader.Parse(bytes.AsSpan(0, length), "cut.seq");
                Assert.False(sequence.Signature.Verified);
            }
            catch (PulseqDataException e)
            {
                Assert.StartsWith("cut.seq", e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_wrong_signature_is_a_warning_and_false_not_a_refusal()
    {
        var text = SeqText.Minimal() + "\n[SIGNATURE]\nType md5\nHash 0123456789abcdef0123456789abcdef\n";

        var sequence = Parse(text);

        Assert.True(sequence.Signature.Present);
        Assert.False(sequence.Signature.Verified);
        Assert.Contains(sequence.Warnings, w => w.Contains("signature does not match", StringComparison.Ordinal));
    }

    [Fact]
    public void A_signature_written_as_the_spec_says_verifies()
    {
        var body = SeqText.Minimal();
#pragma warning disable CA5351 // The format names md5.
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.ASCII.GetBytes(body)));
#pragma warning restore CA5351

        var sequence = Parse(body + "\n[SIGNATURE]\nType md5\nHash " + hash + "\n");

        Assert.True(sequence.Signature.Verified);
        Assert.Equal("spec", sequence.Signature.Convention);
    }

    [Fact]
    public void An_unknown_extension_is_kept_and_reported_but_one_listed_as_required_is_refused()
    {
        var extensions = "[EXTENSIONS]\n1 1 1 0\nextension WOBBLE 1\n1 3 4 5\n\n";
        var sequence = Parse(SeqText.Minimal(extraBlocks: "2 10 0 0 0 0 0 1\n", extensions: extensions));

        Assert.Contains(sequence.Extensions, e => e.Name == "WOBBLE" && !e.IsKnown && e.Objects[1].SequenceEqual(["3", "4", "5"]));
        Assert.Contains(sequence.Warnings, w => w.Contains("extension WOBBLE", StringComparison.Ordinal));

        var required = SeqText.Minimal(extraBlocks: "2 10 0 0 0 0 0 1\n", extensions: extensions)
            .Replace("[DEFINITIONS]\n", "[DEFINITIONS]\nRequiredExtensions WOBBLE\n", StringComparison.Ordinal);
        var error = Assert.Throws<PulseqDataException>(() => Parse(required));
        Assert.Contains("RequiredExtensions lists WOBBLE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_definitions_are_kept_in_order()
    {
        var sequence = Parse(SeqText.Minimal().Replace("[DEFINITIONS]\n", "[DEFINITIONS]\nMyScannerTweak  7 8 9 \n", StringComparison.Ordinal));

        Assert.Equal("7 8 9", sequence.Definition("MyScannerTweak"));
        Assert.Equal("MyScannerTweak", sequence.Definitions[0].Key);
    }

    [Fact]
    public void A_revision_with_a_suffix_keeps_its_text_and_its_leading_digits()
    {
        var sequence = Parse(SeqText.Minimal(version: "major 1\nminor 4\nrevision 1post1\n"));

        Assert.Equal(1, sequence.Version.Revision);
        Assert.Equal("1.4.1post1", sequence.Version.ToString());
    }

    [Fact]
    public void Compressed_shapes_expand_as_the_specification_examples_show()
    {
        // Ramp up, plateau, ramp down; 100 zeros; 100 ones (the three examples of the specification).
        List<double> ramp = [0, 0.1, 0.15, 0.25, 0.5, 0, 0, 4, -0.25, -0.25, 2];
        Assert.Equal([0, 0.1, 0.25, 0.5, 1, 1, 1, 1, 1, 1, 1, 0.75, 0.5, 0.25, 0], ShapeDecoder.Expand(ramp, 15, false, m => new InvalidDataException(m)).Select(v => Math.Round(v, 12)));
        Assert.Equal(new double[100], ShapeDecoder.Expand([0, 0, 98], 100, false, m => new InvalidDataException(m)));
        Assert.Equal(Enumerable.Repeat(1.0, 100), ShapeDecoder.Expand([1, 0, 0, 97], 100, false, m => new InvalidDataException(m)));
    }

    private static Model.PulseqSequence Parse(string text) => SeqReader.Parse(Encoding.ASCII.GetBytes(text), "test.seq");

    private static int LineOf(string text, string line) => Array.IndexOf(text.Split('\n'), line) + 1;
}
