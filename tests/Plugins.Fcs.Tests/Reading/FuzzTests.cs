using Conduit.Plugins.Fcs.Reading;
using Conduit.Testing.Files;

namespace Conduit.Plugins.Fcs.Tests.Reading;

/// <summary>
/// Random corruption and truncation of real files: the reader either reads the file or refuses it with an
/// <see cref="FcsDataException"/>, never another exception, never a hang, never an allocation a length field asks for.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("flowio/variable_int_example.fcs", 1)]
    [InlineData("flowkit/data_set_simple_line_100.fcs", 2)]
    [InlineData("cytoflow/PU87_2_B200.fcs", 3)]
    [InlineData("cytoflow/System_II_listmode_with_extra_info_in_bits_D10-D15.LMD", 4)]
    [InlineData("flowio/coulter.lmd", 5)]
    [InlineData("fcsparser/cyflow_cube_8.fcs", 6)]
    public void Corrupted_and_truncated_files_are_read_or_refused_cleanly(string file, int seed)
    {
        var original = File.ReadAllBytes(SharedFcs.File(file));
        var random = new Random(seed);
        var path = _directory.File("fuzz.fcs");
        for (var i = 0; i < 300; i++)
        {
            var bytes = Mutate(original, random);
            File.WriteAllBytes(path, bytes);
            foreach (var options in new[] { FcsReadOptions.Default, new FcsReadOptions { Lenient = true } })
            {
                try
                {
                    var fcs = FcsFile.Open(path, options);
                    for (var d = 0; d < fcs.DataSets.Count; d++)
                    {
                        if ((long)fcs.DataSets[d].EventCount * fcs.DataSets[d].Channels.Count < 50_000_000)
                        {
                            _ = FcsEvents.ReadAll(fcs, d, preprocess: true);
                        }
                    }
                }
                catch (FcsDataException)
                {
                    // A clear refusal is a correct outcome.
                }
                catch (Exception e)
                {
                    File.WriteAllBytes(_directory.File($"failing-{seed}-{i}.fcs"), bytes);
                    Assert.Fail($"{file}, mutation {i} (seed {seed}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                }
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                return bytes[..random.Next(bytes.Length)];
            case 1:
                for (var k = random.Next(1, 8); k > 0; k--)
                {
                    bytes[random.Next(Math.Min(bytes.Length, 4096))] = (byte)random.Next(256);
                }

                return bytes;
            case 2:
                // Digits in the HEADER offsets and TEXT numbers: plausible but wrong lengths and offsets.
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    var at = random.Next(Math.Min(bytes.Length, 4096));
                    if (char.IsAsciiDigit((char)bytes[at]))
                    {
                        bytes[at] = (byte)('0' + random.Next(10));
                    }
                }

                return bytes;
            default:
                var cut = random.Next(bytes.Length);
                return [.. bytes[..cut], .. bytes[Math.Min(bytes.Length, cut + random.Next(1, 64))..]];
        }
    }
}
