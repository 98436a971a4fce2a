using System.Globalization;
using Conduit.Tests;

namespace Conduit.Plugins.Pulseq.Tests;

/// <summary>The real <c>.seq</c> files of tests/data/pulseq and their reference figures.</summary>
internal static class SharedPulseq
{
    public static string Folder => TestData.Folder("pulseq");

    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>The rows of reference.tsv, keyed by column name.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Reference()
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(Folder, "reference.tsv"));
        var header = lines[0].Split('\t');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => (IReadOnlyDictionary<string, string>)header.Zip(l.Split('\t')).ToDictionary(p => p.First, p => p.Second))
            .ToList();
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
