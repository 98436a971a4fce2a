using System.Threading.Channels;
using Conduit.Plugins.Recon.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Fuzz.Targets;

/// <summary>A sinogram stack as <c>recon.load-sinogram</c> streams it (the loader chooses <c>.npy</c> or HDF5 by the
/// file's signature): header or HDF5 objects, the angles, and every slice into a pooled lease, consumed and disposed
/// as a job's next stage would.</summary>
internal sealed class SinogramTarget(string name, string extension, string description) : FuzzTarget
{
    public static SinogramTarget Npy { get; } = new("npy", ".npy", ".npy sinogram stacks: header dictionary, shape, dtype, every slice");

    public static SinogramTarget Hdf5 { get; } = new("hdf5", ".h5", "HDF5 sinogram stacks (PureHDF): datasets 'sinogram' and 'angles', every slice");

    public override string Name => name;

    public override string Description => description;

    // Slices are pooled; the HDF5 library reads the file's objects into managed memory (a few times the input), and the
    // loader converts one slice at a time through a scratch array no larger than a slice.
    public override AllocationBound Bound => new(32, (2 * BudgetBytes) + (16 << 20));

    public override void Run(byte[] input)
    {
        var path = ScratchFiles.Write("input" + extension, input);
        using var harness = new StageHarness(BudgetBytes);
        var stage = new LoadSinogramStage(new LoadSinogramOptions { Path = path });
        var output = Channel.CreateBounded<Sinogram>(2);
        var consumer = Task.Run(async () =>
        {
            await foreach (var sinogram in output.Reader.ReadAllAsync())
            {
                sinogram.Dispose();
            }
        });
        try
        {
            stage.RunAsync(harness.Context, output.Writer, CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            output.Writer.Complete();
            consumer.GetAwaiter().GetResult();
        }
    }
}
