using Conduit.Abstractions.Memory;
using Conduit.Plugins.Recon.Backprojection;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>
/// Reconstructs one chunk: rents the slices and the scratch from the pool, makes sure every sinogram is a contiguous
/// lease it may write (a shared or segmented one is copied into a rented lease first), runs the engine, and returns the
/// slices; the sinograms and the scratch are given back before it returns.
/// </summary>
internal static class FbpChunkRunner
{
    public static async Task<IBufferLease[]> RunAsync(ISliceReconstructor engine, IBufferPool pool, IReadOnlyList<Sinogram> chunk, long sliceBytes, CancellationToken cancellationToken)
    {
        var inputs = new IBufferLease?[chunk.Count];
        var slices = new IBufferLease?[chunk.Count];
        IBufferLease? scratch = null;
        try
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                inputs[i] = await WritableAsync(chunk[i], pool, cancellationToken);
            }

            for (var i = 0; i < chunk.Count; i++)
            {
                slices[i] = await pool.RentAsync(sliceBytes, cancellationToken);
            }

            var scratchBytes = engine.ScratchBytes(chunk.Count);
            scratch = scratchBytes > 0 ? await pool.RentAsync(scratchBytes, cancellationToken) : null;
            var sinogramMemory = inputs.Select(l => l!.Memory).ToArray();
            var sliceMemory = slices.Select(l => l!.Memory).ToArray();
            var scratchMemory = scratch?.Memory ?? Memory<byte>.Empty;
            await Task.Run(() => engine.Reconstruct(sinogramMemory, sliceMemory, scratchMemory, cancellationToken), cancellationToken);
            var done = slices.Select(l => l!).ToArray();
            Array.Clear(slices);
            return done;
        }
        finally
        {
            scratch?.Dispose();
            foreach (var lease in inputs)
            {
                lease?.Dispose();
            }

            foreach (var lease in slices)
            {
                lease?.Dispose();
            }
        }
    }

    private static async ValueTask<IBufferLease> WritableAsync(Sinogram sinogram, IBufferPool pool, CancellationToken cancellationToken)
    {
        var lease = sinogram.TakeData();
        if (lease.IsContiguous && lease.IsExclusive && lease.Ownership == LeaseOwnership.Owned)
        {
            return lease;
        }

        using (lease)
        {
            var copy = await pool.RentAsync(sinogram.Geometry.SinogramBytes, cancellationToken);
            lease.CopyTo(copy.Span[..(int)Math.Min(copy.Length, lease.Length)]);
            return copy;
        }
    }
}
