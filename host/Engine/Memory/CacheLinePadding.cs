using System.Runtime.InteropServices;

namespace Conduit.Engine.Memory;

/// <summary>64 bytes that keep the fields after them off the cache line of the fields before them, where two threads
/// write objects the allocator may have placed side by side.</summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]
internal readonly struct CacheLinePadding;
