using System.Collections;
using System.Reflection;
using Conduit.Abstractions.Stages;
using Conduit.Engine.Stages;

namespace Conduit.Engine.Jobs;

/// <summary>
/// Reports the options marked <see cref="InputFileAttribute"/> that name no readable file, before anything runs:
/// <c>$.stages[0].with.path: file not found: /data/gre.seq</c>. A stage whose input is missing gets no memory estimate
/// (its estimator would only fail on the same missing file).
/// </summary>
internal static class InputFileCheck
{
    /// <summary>Checks the input files of one stage; false when any is missing.</summary>
    public static bool Check(StageDefinition stage, object options, string baseDirectory, Action<string, string> error)
    {
        var allFound = true;
        foreach (var property in options.GetType().GetProperties().Where(p => p.IsDefined(typeof(InputFileAttribute), true)))
        {
            var jsonPath = JsonLineIndex.Property($"{stage.Path}.with", JsonName(property));
            switch (property.GetValue(options))
            {
                case string path:
                    allFound &= CheckOne(path, jsonPath, baseDirectory, error);
                    break;
                case IEnumerable paths:
                    var index = 0;
                    foreach (var path in paths.OfType<string>())
                    {
                        allFound &= CheckOne(path, $"{jsonPath}[{index++}]", baseDirectory, error);
                    }

                    break;
            }
        }

        return allFound;
    }

    private static bool CheckOne(string path, string jsonPath, string baseDirectory, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return true;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path, baseDirectory);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error(jsonPath, $"not a valid path: \"{path}\" ({e.Message})");
            return false;
        }

        if (InputFiles.Problem(full) is { } problem)
        {
            error(jsonPath, problem);
            return false;
        }

        return true;
    }

    private static string JsonName(PropertyInfo property) =>
        JobJson.Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;
}
