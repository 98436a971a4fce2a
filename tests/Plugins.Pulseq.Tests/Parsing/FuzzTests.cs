using System.Diagnostics;
using System.Text;
using Conduit.Plugins.Pulseq.Parsing;
using FsCheck;
using FsCheck.Fluent;

namespace Conduit.Plugins.Pulseq.Tests.Parsing;

/// <summary>
/// Random edits of real files (bytes flipped, lines dropped, duplicated or cut, numbers replaced by extremes): the
/// reader either reads the result or refuses it with a <see cref="PulseqDataException"/>, quickly, never anything else.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Files = ["pulseq_gre_v151.seq", "pulseq_epi_rs_v151.seq", "koma_v15_spiral.seq", "pulseqrs_v120_tse_pypulseq.seq", "pypulseq_write_mprage.seq", "koma_v15_unknown_ext.seq"];
    private static readonly string[] Extremes = ["-1", "0", "1e308", "-1e308", "NaN", "99999999999999999999", "2147483648", "x", "", "1.5"];

    [Fact]
    public void Mutated_files_are_read_or_refused_cleanly()
    {
        var originals = Files.Select(f => File.ReadAllText(SharedPulseq.File(f)).Split('\n')).ToArray();
        var mutation =
            from file in Gen.Choose(0, originals.Length - 1)
            from kind in Gen.Choose(0, 4)
            from position in Gen.Choose(0, int.MaxValue)
            from extreme in Gen.Elements(Extremes)
            from seed in Gen.Choose(0, int.MaxValue)
            select (file, kind, position, extreme, seed);

        Prop.ForAll(mutation.ToArbitrary(), m =>
        {
            var bytes = Mutate(originals[m.file], m.kind, m.position, m.extreme, m.seed);
            var clock = Stopwatch.StartNew();
            try
            {
                SeqReader.Parse(bytes, "fuzz.seq");
            }
            catch (PulseqDataException)
            {
            }

            return clock.Elapsed < TimeSpan.FromSeconds(10);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
    }

    private static byte[] Mutate(string[] lines, int kind, int position, string extreme, int seed)
    {
        var copy = lines.ToList();
        var at = position % copy.Count;
        var random = new Random(seed);
        switch (kind)
        {
            case 0:
                copy.RemoveAt(at);
                break;
            case 1:
                copy.Insert(at, copy[random.Next(copy.Count)]);
                break;
            case 2:
                var fields = copy[at].Split(' ');
                fields[random.Next(fields.Length)] = extreme;
                copy[at] = string.Join(' ', fields);
                break;
            case 3:
                copy = copy.Take(at).ToList();
                break;
            default:
                var bytes = Encoding.Latin1.GetBytes(string.Join('\n', copy));
                for (var i = 0; i < 8; i++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
        }

        return Encoding.Latin1.GetBytes(string.Join('\n', copy));
    }
}
