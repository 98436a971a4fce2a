namespace Conduit.Abstractions.Stages;

/// <summary>
/// Marks a string option that names a pool of the job's <c>memory.pools</c> section (or <c>default</c>), so that the
/// validator reports a name that no pool has before the job runs.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class PoolNameAttribute : Attribute
{
}
