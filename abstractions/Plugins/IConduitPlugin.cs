namespace Conduit.Abstractions.Plugins;

/// <summary>
/// The entry point of a plugin assembly: the host finds the one public class implementing it, creates it with a
/// parameterless constructor, and calls <see cref="Configure"/> once.
/// </summary>
public interface IConduitPlugin
{
    /// <summary>The plugin's name as shown by <c>conduit plugins</c> (<c>Example</c>, <c>Pulseq</c>).</summary>
    string Name { get; }

    /// <summary>Registers the plugin's stage types, inspectors and services.</summary>
    void Configure(IConduitPluginBuilder builder);
}
