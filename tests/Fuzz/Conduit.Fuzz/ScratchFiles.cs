namespace Conduit.Fuzz;

/// <summary>For parsers that read a path: each input is written to one file per name in a folder of this process
/// (overwritten by the next input, so a long run leaves one file per target behind, removed by run.sh).</summary>
internal static class ScratchFiles
{
    private static readonly Lazy<string> Folder = new(() =>
        System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "conduit-fuzz", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName);

    /// <summary>The folder the scratch files are in.</summary>
    public static string Directory => Folder.Value;

    /// <summary>Writes <paramref name="input"/> to the scratch file <paramref name="name"/> and returns its path.</summary>
    public static string Write(string name, byte[] input)
    {
        var path = Path.Combine(Folder.Value, name);
        File.WriteAllBytes(path, input);
        return path;
    }
}
