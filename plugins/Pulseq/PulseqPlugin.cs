using Conduit.Abstractions.Plugins;
using Conduit.Plugins.Pulseq.Inspection;
using Conduit.Plugins.Pulseq.Plotting;
using Conduit.Plugins.Pulseq.Stages;

namespace Conduit.Plugins.Pulseq;

/// <summary>MRI sequences: Pulseq loading, unrolling to card samples and export, and the <c>.seq</c> inspector.</summary>
public sealed class PulseqPlugin : IConduitPlugin
{
    /// <inheritdoc />
    public string Name => "Pulseq";

    /// <inheritdoc />
    public void Configure(IConduitPluginBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStage<LoadPulseqStage, LoadPulseqOptions>("pulseq.load", "Parses a Pulseq .seq file (1.2-1.5) and passes the sequence on.")
            .WithMemoryEstimator<LoadPulseqEstimator>();
        builder.AddStage<UnrollPulseqStage, UnrollPulseqOptions>("pulseq.unroll", "Unrolls a sequence into card sample segments (RF at Larmor, Gx/Gy/Gz, markers); idle stretches carry no buffer.")
            .WithMemoryEstimator<UnrollPulseqEstimator>();
        builder.AddStage<AdcWindowsStage, AdcWindowsOptions>("pulseq.adc-windows", "The sequence's ADC events on the card stream's frames (where pulseq.unroll raises the ADC gate), with samples, dwell, offsets and labels, for a receiver.");
        builder.AddJobRule<TransmitReceiveAgreementRule>();
        builder.AddStage<ExportPulseqStage, ExportPulseqOptions>("pulseq.export", "Writes a sample stream to a file, sparse or dense, atomically.");
        builder.AddStage<PlotPulseqStage, PlotPulseqOptions>("pulseq.plot", "Draws the sequence it receives (diagram or unrolled card stream) over a time window as PNG or SVG.");
        builder.AddInspector<PulseqInspector>();
        builder.AddPlotter<PulseqPlotter>();
        builder.AddInspector<SparseStreamInspector>();
        builder.AddPlotter<SparseStreamPlotter>();
    }
}
