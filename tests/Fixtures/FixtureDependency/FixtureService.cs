namespace Conduit.Fixtures.Dependency;

/// <summary>A type the MissingDependency plugin needs from an assembly the test deletes.</summary>
public sealed class FixtureService(string name)
{
    public string Name { get; } = name;
}
