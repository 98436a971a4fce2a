using Conduit.Abstractions.Plugins;

namespace Conduit.Engine.Stages;

/// <summary>Every stage type registered by the loaded plugins, by name, and the plugins themselves.</summary>
public sealed class StageCatalog
{
    private readonly Dictionary<string, StageTypeDescriptor> _types = new(StringComparer.Ordinal);
    private readonly List<PluginInfo> _plugins = [];
    private readonly List<IJobRule> _rules = [];

    /// <summary>Stage types in name order.</summary>
    public IEnumerable<StageTypeDescriptor> StageTypes => _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal);

    /// <summary>Plugins in load order.</summary>
    public IReadOnlyList<PluginInfo> Plugins => _plugins;

    /// <summary>Checks across the stages of a job, from every loaded plugin.</summary>
    public IReadOnlyList<IJobRule> Rules => _rules;

    /// <summary>Looks a stage type up by its dotted name.</summary>
    public bool TryGet(string name, out StageTypeDescriptor descriptor) => _types.TryGetValue(name, out descriptor!);

    /// <summary>Adds a stage type.</summary>
    /// <exception cref="InvalidOperationException">Another plugin registered the same name.</exception>
    public void Add(StageTypeDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!_types.TryAdd(descriptor.Name, descriptor))
        {
            throw new InvalidOperationException($"stage type '{descriptor.Name}' is registered by both plugin '{_types[descriptor.Name].PluginName}' and plugin '{descriptor.PluginName}'");
        }
    }

    /// <summary>Adds a check across the stages of a job.</summary>
    public void AddRule(IJobRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _rules.Add(rule);
    }

    /// <summary>Records a loaded plugin.</summary>
    public void AddPlugin(PluginInfo plugin) => _plugins.Add(plugin);

    /// <summary>The registered names closest to <paramref name="name"/>, for "did you mean" hints.</summary>
    public IEnumerable<string> Suggest(string name) =>
        _types.Keys
            .Select(known => (known, distance: Distance(name, known)))
            .Where(x => x.distance <= Math.Max(2, name.Length / 3))
            .OrderBy(x => x.distance)
            .Select(x => x.known)
            .Take(3);

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
