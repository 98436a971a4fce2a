using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Objects;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// <c>dicos.write-ct</c>: writes the frames it receives (slices of one volume, such as <c>recon.fbp</c>'s) as one
/// multi-frame DICOS CT in explicit VR little endian, with new UIDs, each frame's position in the per-frame functional
/// groups. A float value that the rescale cannot store is an error naming the frame and pixel, never a clip.
/// </summary>
public sealed class WriteCtStage(WriteCtOptions options) : ISinkStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await using var output = context.CreateOutputFile(options.Path);
        var spoolPath = System.IO.Path.GetTempFileName();
        await using var spool = new FileStream(spoolPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        FrameLayout first = default;
        var positions = new List<(double, double, double)>();
        ushort[]? stored = null;
        var signed = false;
        await foreach (var frame in input.ReadAllAsync(cancellationToken))
        {
            using (frame)
            {
                var layout = frame.Layout;
                if (stored is null)
                {
                    first = layout;
                    signed = layout.PixelType is PixelType.Int16 or PixelType.Int32;
                    if (layout.Width > ushort.MaxValue || layout.Height > ushort.MaxValue)
                    {
                        throw new InvalidDataException($"frame {frame.Index} is {layout.Width} × {layout.Height}; DICOM rows and columns stop at 65535");
                    }

                    stored = new ushort[layout.PixelCount];
                }
                else if (layout.Width != first.Width || layout.Height != first.Height || layout.PixelType != first.PixelType)
                {
                    throw new InvalidDataException($"frame {frame.Index} is {layout.Width} × {layout.Height} {layout.PixelType}; the CT began with {first.Width} × {first.Height} {first.PixelType}");
                }

                Store(frame, stored);
                spool.Write(MemoryMarshal.AsBytes(stored.AsSpan()));
                positions.Add(layout.Geometry.Origin);
            }
        }

        if (stored is null)
        {
            throw new InvalidOperationException("no frames arrived, so there is no CT to write");
        }

        var g = first.Geometry;
        var integer = first.PixelType is not (PixelType.Float32 or PixelType.Float64);
        var header = new DicosCtHeader
        {
            Rows = first.Height,
            Columns = first.Width,
            PixelSpacing = (g.SpacingY, g.SpacingX),
            SliceThickness = g.SpacingZ,
            Orientation = (g.RowDirection.X, g.RowDirection.Y, g.RowDirection.Z, g.ColumnDirection.X, g.ColumnDirection.Y, g.ColumnDirection.Z),
            Positions = positions,
            Signed = signed,
            RescaleSlope = integer ? 1 : options.RescaleSlope,
            RescaleIntercept = integer ? 0 : options.RescaleIntercept,
            RescaleType = options.RescaleType,
        };
        spool.Position = 0;
        DicomWriter.Write(output.Stream, header.Build(DateTime.Now), DicomTransferSyntax.ExplicitLittle, null, spool, spool.Length);
        await output.CompleteAsync(cancellationToken);
    }

    private void Store(ImageFrame frame, ushort[] stored)
    {
        var pixels = frame.Pixels.Span;
        var n = stored.Length;
        switch (frame.Layout.PixelType)
        {
            case PixelType.Float32:
                Rescale(frame.Index, MemoryMarshal.Cast<byte, float>(pixels)[..n], stored);
                break;
            case PixelType.Float64:
                var doubles = MemoryMarshal.Cast<byte, double>(pixels)[..n];
                for (var i = 0; i < n; i++)
                {
                    stored[i] = Quantise(frame.Index, i, doubles[i]);
                }

                break;
            case PixelType.UInt16:
            case PixelType.Int16:
                MemoryMarshal.Cast<byte, ushort>(pixels)[..n].CopyTo(stored);
                break;
            case PixelType.UInt8:
                for (var i = 0; i < n; i++)
                {
                    stored[i] = pixels[i];
                }

                break;
            default:
                throw new InvalidDataException($"frame {frame.Index}: {frame.Layout.PixelType} pixels are not written to a 16-bit CT; convert them first");
        }
    }

    private void Rescale(long frame, ReadOnlySpan<float> values, ushort[] stored)
    {
        for (var i = 0; i < values.Length; i++)
        {
            stored[i] = Quantise(frame, i, values[i]);
        }
    }

    private ushort Quantise(long frame, int pixel, double value)
    {
        var q = Math.Round((value - options.RescaleIntercept) / options.RescaleSlope);
        if (!(q >= 0 && q <= ushort.MaxValue))
        {
            throw new InvalidDataException($"frame {frame}, pixel {pixel}: {value} is outside what slope {options.RescaleSlope} and intercept {options.RescaleIntercept} store in 16 bits ({options.RescaleIntercept} to {options.RescaleIntercept + (ushort.MaxValue * options.RescaleSlope)}); set rescaleSlope and rescaleIntercept");
        }

        return (ushort)q;
    }
}
