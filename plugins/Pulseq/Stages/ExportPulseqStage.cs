using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Pulseq.Stages;

/// <summary><c>pulseq.export</c>: writes a sample stream to a file, sparse or dense, straight from each segment's lease.</summary>
public sealed class ExportPulseqStage(ExportPulseqOptions options) : ISinkStage<SampleSegment>
{
    private const int ZeroBlockBytes = 1 << 20;

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<SampleSegment> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await using var file = context.CreateOutputFile(options.Path);
        var stream = file.Stream;
        var fixedPart = new byte[SparseStreamFile.HeaderBytes];
        if (options.Format == ExportFormat.Sparse)
        {
            await stream.WriteAsync(fixedPart, cancellationToken);
        }

        byte[]? zeros = null;
        SampleStreamFormat? format = null;
        long frames = 0, records = 0;
        await foreach (var segment in input.ReadAllAsync(cancellationToken))
        {
            using (segment)
            {
                format ??= segment.Format;
                if (segment.FirstFrame != frames)
                {
                    throw new InvalidOperationException($"segment starts at frame {segment.FirstFrame}, but the stream so far has {frames} frames");
                }

                if (options.Format == ExportFormat.Sparse)
                {
                    SparseStreamFile.WriteRecord(fixedPart, segment);
                    await stream.WriteAsync(fixedPart.AsMemory(0, SparseStreamFile.RecordBytes), cancellationToken);
                }

                if (segment.Samples is { } samples)
                {
                    await stream.WriteAsync(samples.Memory[..(int)segment.ByteLength], cancellationToken);
                }
                else if (options.Format == ExportFormat.Dense)
                {
                    zeros ??= new byte[ZeroBlockBytes];
                    for (var left = segment.ByteLength; left > 0; left -= ZeroBlockBytes)
                    {
                        await stream.WriteAsync(zeros.AsMemory(0, (int)Math.Min(left, ZeroBlockBytes)), cancellationToken);
                    }
                }

                frames += segment.Frames;
                records++;
            }
        }

        if (options.Format == ExportFormat.Sparse)
        {
            SparseStreamFile.WriteHeader(fixedPart, format?.Channels ?? 4, format?.SampleRate ?? 0, frames, records);
            stream.Position = 0;
            await stream.WriteAsync(fixedPart.AsMemory(0, SparseStreamFile.HeaderBytes), cancellationToken);
        }

        await file.CompleteAsync(cancellationToken);
    }
}
