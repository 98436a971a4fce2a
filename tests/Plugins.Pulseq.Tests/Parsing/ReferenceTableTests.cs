using System.Globalization;
using Conduit.Plugins.Pulseq.Parsing;

namespace Conduit.Plugins.Pulseq.Tests.Parsing;

/// <summary>Every shared <c>.seq</c> file against its row of reference.tsv (figures from an independent reader,
/// cross-checked with pypulseq).</summary>
public sealed class ReferenceTableTests
{
    [Fact]
    public void Table_lists_all_66_files_and_each_is_in_the_folder()
    {
        var rows = SharedPulseq.Reference();
        Assert.Equal(66, rows.Count);
        Assert.All(rows, r => Assert.True(File.Exists(SharedPulseq.File(r["file"])), r["file"]));
    }

    [Fact]
    public void Every_file_parses_with_the_reference_counts_and_duration_to_the_nanosecond()
    {
        var failures = new List<string>();
        foreach (var row in SharedPulseq.Reference())
        {
            var name = row["file"];
            try
            {
                var sequence = SeqReader.Read(SharedPulseq.File(name));
                var s = sequence.Summary;
                var expectedPs = (long)decimal.Round(decimal.Parse(row["duration_s"], NumberStyles.Float, CultureInfo.InvariantCulture) * 1_000_000_000_000m);
                Check(failures, name, "version", row["format_version"], sequence.Version.ToString());
                Check(failures, name, "blocks", row["blocks"], s.Blocks.ToString(CultureInfo.InvariantCulture));
                Check(failures, name, "rf_events", row["rf_events"], s.RfEvents.ToString(CultureInfo.InvariantCulture));
                Check(failures, name, "adc_events", row["adc_events"], s.AdcEvents.ToString(CultureInfo.InvariantCulture));
                Check(failures, name, "adc_samples", row["adc_samples"], s.AdcSamples.ToString(CultureInfo.InvariantCulture));
                Check(failures, name, "shapes", row["shapes"], s.Shapes.ToString(CultureInfo.InvariantCulture));
                Check(failures, name, "compressed_shapes", row["compressed_shapes"], s.CompressedShapes.ToString(CultureInfo.InvariantCulture));
                if (Math.Abs(s.DurationPs - expectedPs) > 1000)
                {
                    failures.Add($"{name}: duration {s.DurationPs} ps, reference {expectedPs} ps");
                }

                if (row["active_fraction"] != "-")
                {
                    Check(failures, name, "active_fraction", row["active_fraction"], s.ActiveFraction.ToString("F6", CultureInfo.InvariantCulture));
                }
            }
            catch (PulseqDataException e)
            {
                failures.Add($"{name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Signatures_verify_under_the_convention_the_reference_names()
    {
        var failures = new List<string>();
        foreach (var row in SharedPulseq.Reference())
        {
            var signature = SeqReader.Read(SharedPulseq.File(row["file"])).Signature;
            var expected = row["signature_verifies"] switch
            {
                "-" => "absent",
                "no" => "fails",
                var convention => convention,
            };
            var actual = !signature.Present ? "absent" : signature.Verified ? signature.Convention : "fails";
            if (expected != actual)
            {
                failures.Add($"{row["file"]}: reference {expected}, ours {actual}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static void Check(List<string> failures, string file, string what, string expected, string actual)
    {
        if (expected != actual)
        {
            failures.Add($"{file}: {what} {actual}, reference {expected}");
        }
    }
}
