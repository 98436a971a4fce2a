using System.Runtime.InteropServices;

namespace Conduit.Engine.Memory;

/// <summary>
/// The fields of a lease that the thread renting it writes on every rent and return, with a cache line of nothing on
/// either side. A pool makes its lease objects one after another (a slab pool all at once), so neighbours in memory
/// are lent to different threads; the runtime orders a class's fields as it likes, so only an explicit layout keeps the
/// neighbours' writes off this line (a slab lease shared its line with another thread's lease: 2.5× slower with two
/// threads).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 176)]
internal struct LeaseHotFields
{
    [FieldOffset(64)]
    public int State;

    [FieldOffset(72)]
    public long Length;

    [FieldOffset(80)]
    public long ReservedBytes;

    [FieldOffset(88)]
    public long HeldBytes;

    [FieldOffset(96)]
    public long ReuseCapacity;

    [FieldOffset(104)]
    public LeaseShareGroup? Shares;
}
