using System.Buffers;

namespace Conduit.Engine.Memory;

/// <summary>Exposes a range of native memory that never moves as <see cref="Memory{T}"/>; pinning is a no-op.</summary>
internal sealed unsafe class UnmanagedMemoryManager : MemoryManager<byte>
{
    private byte* _pointer;
    private int _length;

    public UnmanagedMemoryManager(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public void Reset(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
