using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Memory;

/// <summary>
/// Leases backed by temporary memory-mapped files: for data larger than the memory a job may hold, paged in and out
/// by the operating system. Each lease's file is opened delete-on-close in <see cref="Directory"/>, so nothing is left
/// behind when the lease is disposed. The budget this pool draws on limits mapped bytes (disk), not RAM: give it its
/// own root budget.
/// </summary>
public sealed class MappedFileBufferPool : BufferPool
{
    /// <summary>Creates a pool whose files go to <paramref name="directory"/> (default: the system temp folder).</summary>
    public MappedFileBufferPool(string name, IMemoryBudget budget, string? directory = null)
        : base(name, MemoryKind.MappedFile, budget)
    {
        Directory = directory ?? Path.GetTempPath();
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>Folder of the temporary files.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public override long MaxLeaseBytes => Budget.LimitBytes;

    /// <inheritdoc />
    private protected override long CostOf(long bytes) => bytes;

    /// <inheritdoc />
    private protected override PooledLease CreateLease(long bytes, long cost)
    {
        var path = Path.Combine(Directory, $"conduit-{Environment.ProcessId}-{Guid.NewGuid():N}.map");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        try
        {
            return MappedFileLease.Create(stream, bytes, Name, this);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>The lease closed its file (which deletes it) before coming back; nothing is kept.</remarks>
    private protected override void Discard(PooledLease lease, bool reuseObject)
    {
    }
}
