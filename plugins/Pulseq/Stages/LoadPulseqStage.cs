using System.Globalization;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Pulseq.Model;
using Conduit.Plugins.Pulseq.Parsing;
using Microsoft.Extensions.Logging;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary><c>pulseq.load</c>: parses a <c>.seq</c> file, logs its summary and warnings, and passes the sequence on.
/// The parse's memory (<see cref="LoadPulseqEstimator"/>) is reserved from the stage's budget while it runs; the model
/// it passes on is about 1.5 × the file and is not counted.</summary>
public sealed class LoadPulseqStage(LoadPulseqOptions options) : ISourceStage<PulseqSequenceMessage>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<PulseqSequenceMessage> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var path = context.ResolvePath(options.Path);

        // Parse memory lives outside the pools: it is reserved from the stage's budget before the file is read, so a
        // file too large for the budget waits or fails here instead of taking the machine's memory.
        PulseqSequence sequence;
        await using (var parse = new BudgetReservation(context.Budget))
        {
            await parse.AddAsync(LoadPulseqEstimator.PeakBytes(new FileInfo(path).Length, LoadPulseqEstimator.DeclaredShapeSamples(path)), cancellationToken);
            sequence = SeqReader.Read(path, cancellationToken);
        }

        if (options.RequireValidSignature && !sequence.Signature.Verified)
        {
            throw new PulseqDataException(path, sequence.Signature.Present
                ? "the [SIGNATURE] hash does not match the file (requireValidSignature is set)"
                : "the file has no [SIGNATURE] (requireValidSignature is set)");
        }

        var s = sequence.Summary;
        if (context.Logger.IsEnabled(LogLevel.Information))
        {
            context.Logger.LogInformation("{File}: Pulseq {Version}, {Blocks} blocks, {Duration} s, {Rf} RF, {Adc} ADC events ({Samples} samples), {Active:P1} active, signature {Signature}",
                Path.GetFileName(path), sequence.Version, s.Blocks, s.DurationSeconds.ToString("G9", CultureInfo.InvariantCulture), s.RfEvents, s.AdcEvents, s.AdcSamples, s.ActiveFraction,
                sequence.Signature.Verified ? $"verified ({sequence.Signature.Convention})" : sequence.Signature.Present ? "does not verify" : "absent");
        }

        foreach (var warning in sequence.Warnings)
        {
            context.Logger.LogWarning("{File}: {Warning}", Path.GetFileName(path), warning);
        }

        await output.WriteAsync(new PulseqSequenceMessage(sequence), cancellationToken);
    }
}
