using System.Globalization;
using System.Text.RegularExpressions;
using Conduit.Tests;

namespace Conduit.Plugins.Datasets.Tests;

/// <summary>The real NIfTI files of tests/data/nifti and the raw sums their SOURCES.md states.</summary>
internal static partial class SharedNifti
{
    public static string Folder => TestData.Folder("nifti");

    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>(file relative to the folder, raw sum) for every table row of SOURCES.md.</summary>
    public static IReadOnlyList<(string File, long RawSum)> RawSums()
    {
        var rows = new List<(string, long)>();
        var section = string.Empty;
        foreach (var line in System.IO.File.ReadLines(Path.Combine(Folder, "SOURCES.md")))
        {
            if (line.StartsWith("## From DIPY", StringComparison.Ordinal))
            {
                section = "dipy/";
            }

            if (line.StartsWith("| ", StringComparison.Ordinal) && RawSum().Match(line) is { Success: true } sum)
            {
                var name = line.Split('|')[1].Trim().Split(' ')[0];
                rows.Add((section + name, long.Parse(sum.Groups[1].Value, CultureInfo.InvariantCulture)));
            }
        }

        return rows;
    }

    [GeneratedRegex(@"raw (?:int16 )?sum (\d+)")]
    private static partial Regex RawSum();
}
