using Conduit.Abstractions.Plugins;
using Conduit.Fixtures.Dependency;

namespace Conduit.Fixtures.MissingDependency;

/// <summary>A plugin that needs Conduit.Fixtures.Dependency, which the test removes from its folder.</summary>
public sealed class MissingDependencyPlugin : IConduitPlugin
{
    public string Name => "MissingDependency";

    public void Configure(IConduitPluginBuilder builder) => Use(new FixtureService("fixture"));

    private static void Use(FixtureService service) => GC.KeepAlive(service.Name);
}
