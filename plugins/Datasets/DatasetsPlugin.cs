using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Datasets.Inspection;

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
        builder.AddInspector<NiftiInspector>();
    }
}
