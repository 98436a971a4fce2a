using System.Numerics;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Stages;
using Conduit.Engine.Stages;

namespace Conduit.Engine.Jobs;

/// <summary>The job's pools against its budget and this machine, and the pool names stage options give.</summary>
internal static class PoolChecks
{
    public static void CheckPools(JobDefinition job, Action<string, string> error)
    {
        var budget = job.Memory.Budget;
        long preallocated = 0;
        foreach (var pool in job.Memory.Pools.Values)
        {
            var path = JsonLineIndex.Property("$.memory.pools", pool.Name);
            if (pool.Name == JobValidator.DefaultPoolName)
            {
                error(path, $"\"{JobValidator.DefaultPoolName}\" is the name of the pool every job has; choose another name");
            }

            switch (pool.Kind)
            {
                case PoolKindName.Slab when pool.Size is { } size && pool.Count is { } count:
                    if (size.Bytes is < 1 or > int.MaxValue)
                    {
                        error($"{path}.size", $"a slab is from 1 byte to 2 GiB, found {size}");
                        break;
                    }

                    var total = size.Bytes * count;
                    preallocated += total;
                    if (preallocated > budget.Bytes)
                    {
                        error(path, $"slab pool needs {count} × {size} = {ByteSize.Format(total)} preallocated; with the pools before it that is {ByteSize.Format(preallocated)}, more than the job budget of {budget}");
                    }

                    if (pool.Fallback is { } fallback && fallback != JobValidator.DefaultPoolName &&
                        (!job.Memory.Pools.TryGetValue(fallback, out var target) || target.Kind == PoolKindName.Slab))
                    {
                        error($"{path}.fallback", $"fallback \"{fallback}\" must be \"{JobValidator.DefaultPoolName}\" or a declared pool that is not a slab pool");
                    }

                    break;
                case PoolKindName.Pinned when pool.Alignment is { } alignment && !BitOperations.IsPow2(alignment):
                    error($"{path}.alignment", $"alignment must be a power of two of at least 64, found {alignment}");
                    break;
            }

            if (pool.Kind is PoolKindName.Managed or PoolKindName.Pinned && pool.Limit is { } limit && limit > budget)
            {
                error($"{path}.limit", $"the pool's limit {limit} is larger than the job budget of {budget}");
            }
        }
    }

    /// <summary>
    /// A budget is a promise the machine must keep: one larger than the memory this process may have (the machine's,
    /// or its cgroup's) is warned about, since it only fails when the job actually comes to use it; slab pools, which
    /// are allocated whole when the job starts, are refused when they cannot be.
    /// </summary>
    public static void CheckAgainstMachine(JobDefinition job, Action<string, string> error, Action<string, string> warning)
    {
        var machine = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (job.Memory.Budget.Bytes > machine)
        {
            warning("$.memory.budget", $"the budget {job.Memory.Budget} is more than the {ByteSize.Format(machine)} of memory this machine (or its cgroup) gives the process; the job fails if it comes to use it");
        }

        long slabs = 0;
        foreach (var pool in job.Memory.Pools.Values.Where(p => p.Kind == PoolKindName.Slab && p.Size is { Bytes: >= 1 and <= int.MaxValue } && p.Count is not null))
        {
            slabs += pool.Size!.Value.Bytes * pool.Count!.Value;
            if (slabs > machine)
            {
                error(JsonLineIndex.Property("$.memory.pools", pool.Name), $"slab pools allocate {ByteSize.Format(slabs)} when the job starts, more than the {ByteSize.Format(machine)} of memory this machine (or its cgroup) gives the process");
            }
        }
    }

    public static void CheckPoolNames(StageDefinition stage, object options, JobDefinition job, Action<string, string> error)
    {
        foreach (var property in options.GetType().GetProperties().Where(p => p.PropertyType == typeof(string) && p.IsDefined(typeof(PoolNameAttribute), true)))
        {
            if (property.GetValue(options) is string name && name != JobValidator.DefaultPoolName && !job.Memory.Pools.ContainsKey(name))
            {
                var jsonName = JobJson.Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;
                error(JsonLineIndex.Property($"{stage.Path}.with", jsonName), $"no pool named \"{name}\" (pools of this job: {string.Join(", ", job.Memory.Pools.Keys.Prepend(JobValidator.DefaultPoolName))})");
            }
        }
    }
}
