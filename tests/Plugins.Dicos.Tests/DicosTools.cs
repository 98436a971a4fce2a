using System.Diagnostics;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Tests;

namespace Conduit.Plugins.Dicos.Tests;

/// <summary>The shared DICOS files and DCMTK's command-line tools (Debian's dcmtk): a skip without them, a failure
/// under CI.</summary>
internal static class DicosTools
{
    public static string Shared => TestData.Folder("dicos");

    public static IEnumerable<string> SharedFiles => Directory.EnumerateFiles(Shared, "*.dcs").Order(StringComparer.Ordinal);

    public static void Require(string tool)
    {
        if (File.Exists(Path.Combine("/usr/bin", tool)))
        {
            return;
        }

        var reason = tool == "dciodvfy" ? "dicom3tools' dciodvfy is not installed (apt-get install dicom3tools)" : $"DCMTK's {tool} is not installed (apt-get install dcmtk)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + "; it must be present under CI=true");
        }

        Assert.Skip(reason);
    }

    public static async Task RunAsync(string tool, params string[] arguments)
    {
        var (exit, output) = await OutputOfAsync(tool, arguments);
        Assert.True(exit == 0, $"{tool} {string.Join(' ', arguments)} failed: {output}");
    }

    /// <summary>Runs a DCMTK tool and returns its exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output)> OutputOfAsync(string tool, params string[] arguments)
    {
        Require(tool);
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, output + await error);
    }

    /// <summary>Every element of <paramref name="set"/> outside the file meta group, in sequences too, as tag, VR and
    /// value: equal lists are equal data sets whatever the encoding of their lengths (DCMTK sends sequences with explicit
    /// lengths where a file had undefined ones), and numbers as text without the spaces around them, which the standard
    /// calls insignificant and DCMTK drops. Values over 4 KiB (pixel data) are given by their SHA-256.</summary>
    public static List<string> Elements(DicomDataSet set)
    {
        var lines = new List<string>();
        foreach (var element in set.Elements.Where(e => e.Tag.Group != 0x0002))
        {
            // Encapsulated pixel data may be OB or OW (PS3.5 A.4); DCMTK sends OB whatever the file says.
            var value = element.Vr.Code is "DS" or "IS"
                ? string.Join('\\', System.Text.Encoding.ASCII.GetString(element.Value.Span).TrimEnd('\0').Split('\\').Select(v => v.Trim()))
                : Value(element.Value.Span);
            lines.Add($"{element.Tag} {(element.Fragments is null ? element.Vr.ToString() : "encapsulated")} {value}");
            foreach (var item in element.Items ?? [])
            {
                lines.Add("item");
                lines.AddRange(Elements(item));
            }

            foreach (var fragment in element.Fragments?.Fragments ?? [])
            {
                lines.Add(Value(fragment.Span));
            }
        }

        return lines;
    }

    private static string Value(ReadOnlySpan<byte> value) =>
        value.Length > 4096 ? "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(value)) : Convert.ToHexString(value);

    /// <summary>The error lines dciodvfy (dicom3tools) reports for <paramref name="path"/>.</summary>
    public static async Task<string[]> VerifyAsync(string path)
    {
        Require("dciodvfy");
        using var process = Process.Start(new ProcessStartInfo("dciodvfy", [path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return [.. (await error + output).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal))];
    }
}
