using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Recon.Cartesian;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>
/// <c>recon.cartesian</c>: received lines (<c>spectrum.rx</c>) into Cartesian k-space by their labels, averaged where
/// several land on one place, zero-filled to the image matrix, inverse Fourier transformed (unitary, centred) and
/// passed on as float32 magnitude frames: one per partition of each slice, x along a frame's rows, y down its
/// columns. The lines are held until the last has arrived, since the extent of k-space is known only then.
/// </summary>
public sealed class CartesianStage(CartesianOptions options) : ITransformStage<AcquiredLine, ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<AcquiredLine> input, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var pool = context.GetPool(options.Pool);
        var held = new List<AcquiredLine>();
        try
        {
            await foreach (var line in input.ReadAllAsync(cancellationToken))
            {
                if (!KSpacePlacement.IsImaging(line.Window))
                {
                    line.Dispose();
                    continue;
                }

                if (held.Count > 0 && line.Window.Samples != held[0].Window.Samples)
                {
                    var samples = line.Window.Samples;
                    line.Dispose();
                    throw new InvalidDataException($"ADC event {line.Window.Index} has {samples} samples but the first line had {held[0].Window.Samples}: a Cartesian readout has one length");
                }

                held.Add(line);
            }

            if (held.Count == 0)
            {
                throw new InvalidDataException("no imaging lines arrived, so there is no k-space to reconstruct");
            }

            var byLabels = held.Exists(l => l.Window.Labels.ContainsKey("LIN"));
            var arrivals = new Dictionary<int, int>();
            var lines = new List<(AcquiredLine Line, KSpacePlacement Place)>(held.Count);
            foreach (var line in held)
            {
                var arrival = arrivals.GetValueOrDefault(line.Window.Repetition);
                arrivals[line.Window.Repetition] = arrival + 1;
                lines.Add((line, KSpacePlacement.Of(line.Window, byLabels, arrival)));
            }

            var encoded = (X: held[0].Window.Samples, Y: lines.Max(l => l.Place.Line) + 1, Z: lines.Max(l => l.Place.Partition) + 1);
            var slices = lines.Max(l => l.Place.Slice) + 1;
            var image = (X: MatrixOr(0, encoded.X), Y: MatrixOr(1, encoded.Y), Z: MatrixOr(2, encoded.Z));
            var grid = (X: Math.Max(encoded.X, image.X), Y: Math.Max(encoded.Y, image.Y), Z: Math.Max(encoded.Z, image.Z));
            var spacing = (X: SpacingOr(0, image.X), Y: SpacingOr(1, image.Y), Z: SpacingOr(2, image.Z));
            context.Progress.SetTotal((long)slices * image.Z, "frames");
            var transforms = (X: new CentredInverseTransform(grid.X), Y: new CentredInverseTransform(grid.Y), Z: new CentredInverseTransform(grid.Z));
            var weights = ReadoutWeights(grid.X, options.DwellAveraged);
            var index = 0L;
            for (var slice = 0; slice < slices; slice++)
            {
                var ofSlice = lines.Where(l => l.Place.Slice == slice).ToList();
                using var volume = await pool.RentAsync(2L * grid.X * grid.Y * grid.Z * sizeof(float), cancellationToken);
                Reconstruct(volume, ofSlice, encoded, grid, transforms);
                for (var z = 0; z < image.Z; z++)
                {
                    var geometry = new FrameGeometry(spacing.X, spacing.Y, spacing.Z, (-(image.X / 2) * spacing.X, -(image.Y / 2) * spacing.Y, (index - (slices * image.Z / 2)) * spacing.Z), (1, 0, 0), (0, 1, 0));
                    var layout = new FrameLayout(PixelType.Float32, image.X, image.Y, geometry);
                    var lease = await pool.RentAsync(layout.ByteLength, cancellationToken);
                    try
                    {
                        Magnitude(volume, grid, image, (grid.Z / 2) - (image.Z / 2) + z, weights, lease.AsSpan<float>());
                    }
                    catch
                    {
                        lease.Dispose();
                        throw;
                    }

                    await output.WriteOrDisposeAsync(new ImageFrame(index, layout, lease), cancellationToken);
                    context.Progress.Advance();
                    index++;
                }
            }
        }
        finally
        {
            held.ForEach(l => l.Dispose());
        }
    }

    private static void Reconstruct(IBufferLease volume, List<(AcquiredLine Line, KSpacePlacement Place)> lines, (int X, int Y, int Z) encoded, (int X, int Y, int Z) grid, (CentredInverseTransform X, CentredInverseTransform Y, CentredInverseTransform Z) transforms)
    {
        Parts(volume, grid, out var re, out var im);
        re.Clear();
        im.Clear();
        Fill(lines, encoded, grid, re, im);
        Transform(re, im, grid, transforms);
    }

    private static void Parts(IBufferLease volume, (int X, int Y, int Z) grid, out Span<float> re, out Span<float> im)
    {
        var count = grid.X * grid.Y * grid.Z;
        var values = MemoryMarshal.Cast<byte, float>(volume.Span);
        re = values[..count];
        im = values[count..(2 * count)];
    }

    // Each line added at its place, centred in the grid (encoded centre n/2 on grid centre g/2), then averaged.
    private static void Fill(List<(AcquiredLine Line, KSpacePlacement Place)> lines, (int X, int Y, int Z) encoded, (int X, int Y, int Z) grid, Span<float> re, Span<float> im)
    {
        var counts = new int[encoded.Y * encoded.Z];
        var offset = (X: (grid.X / 2) - (encoded.X / 2), Y: (grid.Y / 2) - (encoded.Y / 2), Z: (grid.Z / 2) - (encoded.Z / 2));
        foreach (var (line, place) in lines)
        {
            var values = line.Values;
            var row = ((((place.Partition + offset.Z) * grid.Y) + place.Line + offset.Y) * grid.X) + offset.X;
            for (var i = 0; i < encoded.X; i++)
            {
                var source = place.Reversed ? encoded.X - 1 - i : i;
                re[row + i] += values[2 * source];
                im[row + i] += values[(2 * source) + 1];
            }

            counts[(place.Partition * encoded.Y) + place.Line]++;
            line.Dispose();
        }

        for (var z = 0; z < encoded.Z; z++)
        {
            for (var y = 0; y < encoded.Y; y++)
            {
                var n = counts[(z * encoded.Y) + y];
                if (n > 1)
                {
                    var row = ((((z + offset.Z) * grid.Y) + y + offset.Y) * grid.X) + offset.X;
                    var scale = 1f / n;
                    for (var i = 0; i < encoded.X; i++)
                    {
                        re[row + i] *= scale;
                        im[row + i] *= scale;
                    }
                }
            }
        }
    }

    // Along x (contiguous rows), then y and z through a gathered copy of each column.
    private static void Transform(Span<float> re, Span<float> im, (int X, int Y, int Z) grid, (CentredInverseTransform X, CentredInverseTransform Y, CentredInverseTransform Z) transforms)
    {
        var longest = Math.Max(grid.X, Math.Max(grid.Y, grid.Z));
        var (columnRe, columnIm, scratchRe, scratchIm) = (new float[longest], new float[longest], new float[longest], new float[longest]);
        for (var row = 0; row < grid.Y * grid.Z; row++)
        {
            transforms.X.Transform(re.Slice(row * grid.X, grid.X), im.Slice(row * grid.X, grid.X), scratchRe, scratchIm);
        }

        if (grid.Y > 1)
        {
            for (var z = 0; z < grid.Z; z++)
            {
                for (var x = 0; x < grid.X; x++)
                {
                    Along(re, im, (z * grid.Y * grid.X) + x, grid.X, grid.Y, transforms.Y, columnRe, columnIm, scratchRe, scratchIm);
                }
            }
        }

        if (grid.Z > 1)
        {
            for (var xy = 0; xy < grid.X * grid.Y; xy++)
            {
                Along(re, im, xy, grid.X * grid.Y, grid.Z, transforms.Z, columnRe, columnIm, scratchRe, scratchIm);
            }
        }
    }

    private static void Along(Span<float> re, Span<float> im, int first, int stride, int length, CentredInverseTransform transform, float[] columnRe, float[] columnIm, float[] scratchRe, float[] scratchIm)
    {
        for (var i = 0; i < length; i++)
        {
            columnRe[i] = re[first + (i * stride)];
            columnIm[i] = im[first + (i * stride)];
        }

        transform.Transform(columnRe.AsSpan(0, length), columnIm.AsSpan(0, length), scratchRe, scratchIm);
        for (var i = 0; i < length; i++)
        {
            re[first + (i * stride)] = columnRe[i];
            im[first + (i * stride)] = columnIm[i];
        }
    }

    // 1 / sinc(x / FOV) for each grid column when samples were averaged over their dwell, else 1.
    private static float[] ReadoutWeights(int columns, bool dwellAveraged)
    {
        var weights = new float[columns];
        for (var j = 0; j < columns; j++)
        {
            var p = Math.PI * (j - (columns / 2)) / columns;
            weights[j] = dwellAveraged && p != 0 ? (float)(p / Math.Sin(p)) : 1;
        }

        return weights;
    }

    // The image's centre cropped from partition z of the grid.
    private static void Magnitude(IBufferLease volume, (int X, int Y, int Z) grid, (int X, int Y, int Z) image, int z, float[] weights, Span<float> pixels)
    {
        Parts(volume, grid, out var re, out var im);
        var (x0, y0) = ((grid.X / 2) - (image.X / 2), (grid.Y / 2) - (image.Y / 2));
        for (var y = 0; y < image.Y; y++)
        {
            var from = (((z * grid.Y) + y0 + y) * grid.X) + x0;
            for (var x = 0; x < image.X; x++)
            {
                var (r, i) = (re[from + x], im[from + x]);
                pixels[(y * image.X) + x] = MathF.Sqrt((r * r) + (i * i)) * weights[x0 + x];
            }
        }
    }

    private int MatrixOr(int axis, int encoded) => options.Matrix.Count > axis && options.Matrix[axis] > 0 ? options.Matrix[axis] : encoded;

    private double SpacingOr(int axis, int size) => options.FieldOfView.Count > axis ? options.FieldOfView[axis] / size : 1;
}
