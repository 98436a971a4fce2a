using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Datasets.Caching;
using Conduit.Plugins.Datasets.Inspection;
using Conduit.Plugins.Datasets.Plotting;
using Conduit.Plugins.Datasets.Stages;

namespace Conduit.Plugins.Datasets;

/// <summary>Memory-mapped NIfTI and HDF5 datasets: open, cache to HDF5, write NIfTI, and the NIfTI inspector.</summary>
public sealed class DatasetsPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Datasets";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        TemporaryFiles.RemoveLeftovers();
        builder.AddStage<OpenDatasetStage, OpenDatasetOptions>("datasets.open", "Streams the slices of a NIfTI image's volumes (optionally without b = 0 volumes) as frames, zero-copy from the mapped file.")
            .WithMemoryEstimator<OpenDatasetEstimator>();
        builder.AddStage<CacheDatasetStage, CacheDatasetOptions>("datasets.cache", "Converts a NIfTI image with its gradients and mask into the HDF5 diffusion cache, writing every byte once.")
            .WithMemoryEstimator<CacheDatasetEstimator>();
        builder.AddStage<WriteNiftiStage, WriteNiftiOptions>("datasets.write-nifti", "Writes frames to a NIfTI-1 or NIfTI-2 image, atomically.");
        builder.AddStage<PlotDatasetStage, PlotDatasetOptions>("datasets.plot", "Draws three orthogonal slices of one volume of the frames it receives as PNG or SVG.");
        builder.AddInspector<NiftiInspector>();
        builder.AddPlotter<NiftiPlotter>();
        builder.AddInspector<DiffusionCacheInspector>();
        builder.AddPlotter<DiffusionCachePlotter>();
    }
}
