using Conduit.Tests;

namespace Conduit.Fuzz.Tests;

/// <summary>
/// Replays each fuzzing target's corpus (its seeds, and the inputs AFL++ kept for new coverage, in <c>tests/data/fuzz</c>)
/// through the harness as a process of its own, so that its allocation bound is measured without other tests'
/// allocations: every input must be read or refused cleanly, within the bound.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string> Targets => new(FuzzTargets.All.Keys);

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_input_of_the_corpus_is_read_or_refused_cleanly(string target)
    {
        var inputs = Corpus(target);
        Assert.NotEmpty(inputs);

        var (exitCode, output) = await FuzzHarness.ReplayAsync(target, inputs);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(exitCode == 0, $"the replay of {target} found:\n{string.Join('\n', lines.Where(l => l.StartsWith("FINDING", StringComparison.Ordinal)))}");
        Assert.Equal(inputs.Count, lines.Count(l => l.StartsWith("read", StringComparison.Ordinal) || l.StartsWith("refused", StringComparison.Ordinal)));
    }

    // The real files listed in seeds.txt, and the target's own folder: made seeds and the inputs AFL++ kept.
    private static List<string> Corpus(string target)
    {
        var inputs = File.ReadLines(TestData.Folder(Path.Combine("fuzz", "seeds.txt")))
            .Where(line => line.StartsWith(target + " ", StringComparison.Ordinal))
            .Select(line => Path.Combine(TestData.RepositoryRoot, line[(target.Length + 1)..]))
            .ToList();
        var folder = Path.Combine(TestData.RootFolder, "fuzz", target);
        if (Directory.Exists(folder))
        {
            inputs.AddRange(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        }

        return inputs;
    }
}
