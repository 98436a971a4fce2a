using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Spectrum.Inspection;
using Conduit.Plugins.Spectrum.Plotting;
using Conduit.Plugins.Spectrum.Stages;

namespace Conduit.Plugins.Spectrum;

/// <summary>Spectrum M2p cards through Spectrum's C driver API (or its simulator): an AWG that plays a card sample
/// stream, a digitizer that records the ADC gates and demodulates them into lines, and a raw-data writer.</summary>
public sealed class SpectrumPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Spectrum";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStage<TxStage, TxOptions>("spectrum.tx", "Plays a card sample stream on a Spectrum M2p.65xx AWG in FIFO replay, markers on X0-X2; fails on an underrun.");
        builder.AddStage<RxStage, RxOptions>("spectrum.rx", "Records the ADC gates on a Spectrum M2p.59xx digitizer and demodulates them into one complex line per ADC window.");
        builder.AddStage<WriteRawStage, WriteRawOptions>("spectrum.write-raw", "Writes ADC lines (averaged over repetitions if asked) to an HDF5 raw-data file, atomically.");
        builder.AddStage<WriteIsmrmrdStage, WriteIsmrmrdOptions>("spectrum.write-ismrmrd", "Writes ADC lines as an ISMRMRD dataset (HDF5, through libismrmrd) that Gadgetron, BART and the ismrmrd tools read, atomically.");
        builder.AddInspector<RawDataInspector>();
        builder.AddPlotter<RawDataPlotter>();
        builder.AddInspector<IsmrmrdInspector>();
        builder.AddPlotter<IsmrmrdPlotter>();
    }
}
