namespace Conduit.Host.Plugins;

/// <summary>
/// Whether a plugin built against one Conduit.Abstractions version can run on this host: the major versions must be
/// equal, and the plugin's minor version at most the host's (minor versions only add API).
/// </summary>
public static class AbstractionsCompatibility
{
    /// <summary>Null when compatible, otherwise why not, naming both versions.</summary>
    public static string? Check(Version builtAgainst, Version host)
    {
        ArgumentNullException.ThrowIfNull(builtAgainst);
        ArgumentNullException.ThrowIfNull(host);
        if (builtAgainst.Major == host.Major && builtAgainst.Minor <= host.Minor)
        {
            return null;
        }

        var rule = builtAgainst.Major != host.Major
            ? "the major versions must be equal"
            : "it needs a newer minor version than this host has";
        return $"built against Conduit.Abstractions {Format(builtAgainst)}, but this host has Conduit.Abstractions {Format(host)}: {rule}";
    }

    private static string Format(Version version) => $"{version.Major}.{version.Minor}.{Math.Max(version.Build, 0)}";
}
