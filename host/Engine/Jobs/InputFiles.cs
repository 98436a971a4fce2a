using Conduit.Engine.Outputs;

namespace Conduit.Engine.Jobs;

/// <summary>Whether a path can be read as an input file, in the words the validator and <c>conduit inspect</c> use.</summary>
public static class InputFiles
{
    /// <summary>Why <paramref name="fullPath"/> cannot be read as a file (<c>file not found: PATH</c>, a folder, a device,
    /// a FIFO), or null when it can. Devices and FIFOs are refused because they never end or never answer.</summary>
    public static string? Problem(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        if (Directory.Exists(fullPath))
        {
            return $"{fullPath} is a folder; a file is expected here";
        }

        if (!File.Exists(fullPath))
        {
            return $"file not found: {fullPath}";
        }

        return UnixFiles.NotRegularReason(fullPath) is { } kind ? $"{fullPath} is {kind}, not a file that can be read to its end" : null;
    }
}
