using Conduit.Abstractions.Stages;
using Conduit.Engine.Outputs;
using Conduit.Engine.Stages;

namespace Conduit.Engine.Jobs;

/// <summary>
/// The options marked <see cref="OutputFileAttribute"/>: each must name a file (not an existing folder, not a name
/// ending in a separator), and no two may be one file once links and <c>..</c> are resolved.
/// </summary>
internal static class OutputFileCheck
{
    /// <summary>Checks one stage's outputs and returns them (JSON path, resolved path) for the job-wide comparison.</summary>
    public static IEnumerable<(string JsonPath, string Canonical)> Check(StageDefinition stage, object options, string baseDirectory, Action<string, string> error)
    {
        foreach (var property in options.GetType().GetProperties().Where(p => p.IsDefined(typeof(OutputFileAttribute), true)))
        {
            if (property.GetValue(options) is not string { Length: > 0 } path)
            {
                continue;
            }

            var jsonPath = JsonLineIndex.Property($"{stage.Path}.with", JobJson.Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name);
            if (path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar))
            {
                error(jsonPath, $"\"{path}\" names a folder; an output needs a file name");
                continue;
            }

            string full;
            try
            {
                full = Path.GetFullPath(path, baseDirectory);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                error(jsonPath, $"not a valid path: \"{path}\" ({e.Message})");
                continue;
            }

            if (Directory.Exists(full))
            {
                error(jsonPath, $"{full} is a folder; an output needs a file name");
                continue;
            }

            yield return (jsonPath, UnixFiles.CanonicalForNew(full));
        }
    }

    /// <summary>Reports every output that is the same file as an earlier one.</summary>
    public static void CheckDistinct(IEnumerable<(string JsonPath, string Canonical)> outputs, Action<string, string> error)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (jsonPath, canonical) in outputs)
        {
            if (!first.TryAdd(canonical, jsonPath))
            {
                error(jsonPath, $"writes {canonical}, which {first[canonical]} writes too");
            }
        }
    }
}
