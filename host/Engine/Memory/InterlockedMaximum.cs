namespace Conduit.Engine.Memory;

/// <summary>Lock-free "raise to at least" for peak counters.</summary>
internal static class InterlockedMaximum
{
    public static void Raise(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
