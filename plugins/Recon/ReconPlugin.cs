using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Recon.Stages;

namespace Conduit.Plugins.Recon;

/// <summary>Tomographic reconstruction: phantom, sinogram loading and filtered back-projection on CPU or GPU.</summary>
public sealed class ReconPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Recon";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStage<PhantomStage, PhantomOptions>("recon.phantom", "The exact parallel-beam sinograms of a stack of Shepp-Logan phantom slices.")
            .WithMemoryEstimator<PhantomSinogramEstimator>();
        builder.AddStage<PhantomImageStage, PhantomOptions>("recon.phantom-image", "The Shepp-Logan phantom slices themselves, as float32 frames: the reference for a reconstruction.")
            .WithMemoryEstimator<PhantomImageEstimator>();
        builder.AddStage<LoadSinogramStage, LoadSinogramOptions>("recon.load-sinogram", "Reads sinograms (slices × angles × detectors) from a .npy file or an HDF5 dataset, one slice at a time.")
            .WithMemoryEstimator<LoadSinogramEstimator>();
        builder.AddStage<FramesToSinogramStage, FramesToSinogramOptions>("recon.sinogram", "Turns frames (one sinogram each, angles × detectors: from datasets.open on a NIfTI file, say) into sinograms.");
        builder.AddStage<CartesianStage, CartesianOptions>("recon.cartesian", "Received MR lines into Cartesian k-space by their labels (2D and 3D), averaged, zero-filled, inverse FFT: magnitude images as float32 frames.");
        builder.AddStage<FbpStage, FbpOptions>("recon.fbp", "Filtered back-projection of parallel-beam sinograms on the CPU (SIMD, all cores) or a CUDA GPU, chunked to fit the budget.");
    }
}
