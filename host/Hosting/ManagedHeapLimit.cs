using Conduit.Abstractions.Memory;

namespace Conduit.Host.Hosting;

/// <summary>
/// The process-level backstop behind the budgets: the GC heap is limited to the job's budget plus a fixed runtime
/// allowance, so a stage that allocates outside the pools beyond that gets an out-of-memory error that fails the job
/// cleanly, instead of the machine running out (or the kernel killing the process). Pinned, slab and mapped pools are
/// native memory and outside the GC heap; managed pools and every other managed allocation are inside it.
/// </summary>
internal static class ManagedHeapLimit
{
    /// <summary>What the host, the plugins' code and data, telemetry and the progress display may use on top of the
    /// budget (the 2 GiB-through-64 MiB job peaks at about 100 MiB of RSS in all).</summary>
    public const long RuntimeAllowanceBytes = 512L << 20;

    /// <summary>Limits the GC heap to <paramref name="budgetBytes"/> + <see cref="RuntimeAllowanceBytes"/>, unless the
    /// machine (or its cgroup) gives less already; returns the limit in force.</summary>
    public static long Apply(long budgetBytes)
    {
        var limit = budgetBytes > long.MaxValue - RuntimeAllowanceBytes ? long.MaxValue : budgetBytes + RuntimeAllowanceBytes;

        // What validation itself holds (the plans of a million work items) is already on the heap: the limit is never
        // set below it plus the allowance, which the GC would refuse.
        limit = Math.Max(limit, GC.GetTotalMemory(forceFullCollection: true) + RuntimeAllowanceBytes);
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (limit >= available)
        {
            return available;
        }

        AppContext.SetData("GCHeapHardLimit", (ulong)limit);
        try
        {
            GC.RefreshMemoryLimit();
            return limit;
        }
        catch (InvalidOperationException)
        {
            // The GC found the limit too low for what it has committed: the machine's limit stays, as before.
            AppContext.SetData("GCHeapHardLimit", null);
            GC.RefreshMemoryLimit();
            return available;
        }
    }

    /// <summary>The limit as people read it.</summary>
    public static string Describe(long limitBytes) =>
        $"{ByteSize.Format(limitBytes)} (the job's budget + {ByteSize.Format(RuntimeAllowanceBytes)} for the runtime)";
}
