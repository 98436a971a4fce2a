using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Spectrum.Driver;

/// <summary>A page-aligned native buffer for a card's DMA ring, reserved from the job's budget for as long as it
/// lives.</summary>
internal sealed unsafe class DmaBuffer : IDisposable
{
    private const int PageBytes = 4096;
    private readonly IMemoryBudget _budget;
    private byte* _memory;

    public DmaBuffer(IMemoryBudget budget, long bytes)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if (bytes <= 0 || bytes % PageBytes != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "a DMA buffer is a whole number of 4 KiB pages");
        }

        if (!budget.TryReserve(bytes))
        {
            throw new MemoryBudgetExceededException($"the {ByteSize.Format(bytes)} DMA buffer does not fit budget '{budget.Name}' ({ByteSize.Format(budget.LimitBytes - budget.ReservedBytes)} free)")
            {
                RequestedBytes = bytes,
                LimitBytes = budget.LimitBytes,
            };
        }

        _budget = budget;
        Length = bytes;
        _memory = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, PageBytes);
        NativeMemory.Clear(_memory, (nuint)bytes);
    }

    public long Length { get; }

    public nint Address => (nint)_memory;

    public Span<byte> Slice(long offset, int length) => new(_memory + offset, length);

    public void Dispose()
    {
        if (_memory != null)
        {
            NativeMemory.AlignedFree(_memory);
            _memory = null;
            _budget.Release(Length);
        }
    }
}
