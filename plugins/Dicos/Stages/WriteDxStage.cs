using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Objects;
using Conduit.Plugins.Dicos.Writing;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// <c>dicos.write-dx</c>: writes each frame it receives (a radiograph, a projection) as one DICOS DX image, for
/// presentation or for processing, native or compressed, with new UIDs.
/// </summary>
public sealed class WriteDxStage(WriteDxOptions options) : ISinkStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var pool = context.GetPool(options.Pool);
        var samples = new StoredSamples(options.RescaleSlope, options.RescaleIntercept);
        IBufferLease? stored = null;
        var written = 0;
        try
        {
            await foreach (var frame in input.ReadAllAsync(cancellationToken))
            {
                using (frame)
                {
                    var layout = frame.Layout;
                    if (layout.Width > ushort.MaxValue || layout.Height > ushort.MaxValue)
                    {
                        throw new InvalidDataException($"frame {frame.Index} is {layout.Width} × {layout.Height}; DICOM rows and columns stop at 65535");
                    }

                    if (written == 1 && !options.Path.Contains("{frame}", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"a second frame ({frame.Index}) arrived but path '{options.Path}' has no {{frame}} to tell the files apart");
                    }

                    var bytes = layout.PixelCount * sizeof(ushort);
                    if (stored is null || stored.Length < bytes)
                    {
                        stored?.Dispose();
                        stored = await pool.RentAsync(bytes, cancellationToken);
                    }

                    var values = MemoryMarshal.Cast<byte, ushort>(stored.Span)[..(int)layout.PixelCount];
                    samples.Store(frame.Pixels.Span, layout.PixelType, values.Length, frame.Index, values);
                    var g = layout.Geometry;
                    var rescaled = StoredSamples.Rescales(layout.PixelType);
                    var header = new DicosDxHeader
                    {
                        Rows = layout.Height,
                        Columns = layout.Width,
                        ForPresentation = options.ForPresentation,
                        PixelSpacing = (g.SpacingY, g.SpacingX),
                        Position = g.Origin,
                        Orientation = (g.RowDirection.X, g.RowDirection.Y, g.RowDirection.Z, g.ColumnDirection.X, g.ColumnDirection.Y, g.ColumnDirection.Z),
                        Signed = StoredSamples.Signed(layout.PixelType),
                        RescaleSlope = rescaled ? options.RescaleSlope : 1,
                        RescaleIntercept = rescaled ? options.RescaleIntercept : 0,
                        RescaleType = options.RescaleType,
                    };
                    var path = options.Path.Replace("{frame}", frame.Index.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                    await using var output = context.CreateOutputFile(path);
                    DicosDxWriter.Write(output.Stream, header, MemoryMarshal.AsBytes(values), options.Encoding, DateTime.Now);
                    await output.CompleteAsync(cancellationToken);
                    written++;
                }
            }
        }
        finally
        {
            stored?.Dispose();
        }

        if (written == 0)
        {
            throw new InvalidOperationException("no frames arrived, so there is no DX image to write");
        }
    }
}
