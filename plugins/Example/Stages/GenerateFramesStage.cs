using System.Threading.Channels;
using Conduit.Abstractions.Memory;
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
                foreach (var part in lease.Segments<float>())
                {
                    Fill(part.Values, part.Index, index, random);
                }

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

    // Values first .. first + pixels.Length of frame `index`: a segment of the frame, or all of it.
    private void Fill(Span<float> pixels, long first, long index, Random random)
    {
        if (options.Pattern == FramePattern.Noise)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = random.NextSingle();
            }

            return;
        }

        var period = options.Width + options.Height;
        var scale = 1f / period;
        var x = first % options.Width;
        var y = first / options.Width;
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = ((x + y + index) % period) * scale;
            if (++x == options.Width)
            {
                (x, y) = (0, y + 1);
            }
        }
    }
}
