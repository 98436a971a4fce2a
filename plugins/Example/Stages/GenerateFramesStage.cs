using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Example.Stages;

/// <summary><c>example.generate</c>: rents each frame from the stage's pool (waiting when the budget is full) and fills it.</summary>
public sealed class GenerateFramesStage(GenerateFramesOptions options) : ISourceStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var layout = new FrameLayout(PixelType.Float32, options.Width, options.Height, FrameGeometry.Isotropic(options.Spacing));
        context.Progress.SetTotal(options.Count, "frames");
        var pool = options.Pool is null ? context.Pool : context.GetPool(options.Pool);
        var random = new Random(options.Seed);
        for (long index = 0; index < options.Count; index++)
        {
            var lease = await pool.RentAsync(layout.ByteLength, cancellationToken);
            var frame = new ImageFrame(index, layout, lease);
            try
            {
                Fill(MemoryMarshal.Cast<byte, float>(lease.Span), index, random);
                await output.WriteAsync(frame, cancellationToken);
            }
            catch
            {
                frame.Dispose();
                throw;
            }

            context.Progress.Advance();
        }
    }

    private void Fill(Span<float> pixels, long index, Random random)
    {
        if (options.Pattern == FramePattern.Noise)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = random.NextSingle();
            }

            return;
        }

        var scale = 1f / (options.Width + options.Height);
        for (var y = 0; y < options.Height; y++)
        {
            var row = pixels.Slice(y * options.Width, options.Width);
            for (var x = 0; x < row.Length; x++)
            {
                row[x] = ((x + y + index) % (options.Width + options.Height)) * scale;
            }
        }
    }
}
