using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Example.Format;

namespace Conduit.Plugins.Example.Stages;

/// <summary><c>example.write</c>: streams frames into a frame file, then patches the frame count into the header.</summary>
public sealed class WriteFramesStage(WriteFramesOptions options) : ISinkStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await using var file = context.CreateOutputFile(options.Path);
        FrameFileHeader? header = null;
        await foreach (var frame in input.ReadAllAsync(cancellationToken))
        {
            using (frame)
            {
                if (header is null)
                {
                    header = FrameFileHeader.For(frame.Layout, 0);
                    await header.Value.WriteAsync(file.Stream, cancellationToken);
                }
                else if (frame.Layout.PixelType != header.Value.PixelType || frame.Layout.Width != header.Value.Width || frame.Layout.Height != header.Value.Height)
                {
                    throw new ExampleDataException($"frame {frame.Index} is {frame.Layout.Width}x{frame.Layout.Height} {frame.Layout.PixelType}, but the file holds {header.Value.Width}x{header.Value.Height} {header.Value.PixelType} frames");
                }

                foreach (var segment in frame.Pixels.Segments(frame.Layout.ByteLength))
                {
                    await file.Stream.WriteAsync(segment.Memory, cancellationToken);
                }

                header = header.Value with { FrameCount = header.Value.FrameCount + 1 };
            }

            context.Progress.Advance();
        }

        header ??= new FrameFileHeader(PixelType.Float32, 0, 0, 0, 1, 1, 1);
        file.Stream.Position = 0;
        await header.Value.WriteAsync(file.Stream, cancellationToken);
        await file.CompleteAsync(cancellationToken);
    }
}
