using Conduit.Abstractions.Memory;
using ILGPU.Runtime;

namespace Conduit.Plugins.Recon.Gpu;

/// <summary>
/// Device memory for one accelerator, drawn on a Conduit budget: every allocation reserves its bytes first (so device
/// buffers count against the job's budget like host leases do) and releases them when disposed. Counts outstanding and
/// peak bytes, which is what the estimator is checked against.
/// </summary>
internal sealed class DeviceMemoryPool(Accelerator accelerator, IMemoryBudget budget)
{
    private long _outstanding;
    private long _peak;

    public Accelerator Accelerator => accelerator;

    public long OutstandingBytes => Interlocked.Read(ref _outstanding);

    public long PeakBytes => Interlocked.Read(ref _peak);

    /// <summary>Allocates <paramref name="count"/> elements on the device.</summary>
    /// <exception cref="MemoryBudgetExceededException">The budget has no room for them now.</exception>
    public DeviceBuffer<T> Allocate<T>(long count)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var bytes = checked(count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        if (!budget.TryReserve(bytes))
        {
            throw new MemoryBudgetExceededException($"{budget.Name}: no room for {bytes} bytes of device memory on {accelerator.Name} ({budget.ReservedBytes} of {budget.LimitBytes} reserved)");
        }

        try
        {
            var buffer = accelerator.Allocate1D<T>(count);
            var now = Interlocked.Add(ref _outstanding, bytes);
            InterlockedMaximum(ref _peak, now);
            return new DeviceBuffer<T>(buffer, () =>
            {
                Interlocked.Add(ref _outstanding, -bytes);
                budget.Release(bytes);
            });
        }
        catch
        {
            budget.Release(bytes);
            throw;
        }
    }

    private static void InterlockedMaximum(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
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
