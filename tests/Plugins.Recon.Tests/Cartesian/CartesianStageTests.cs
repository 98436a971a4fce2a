using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Recon.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Recon.Tests.Cartesian;

/// <summary>
/// <c>recon.cartesian</c> on lines sampled from the analytic Fourier transform of a box (a product of sincs), so the
/// image it must give is known without a transform of our own: density 1 inside, 0 outside, where the box is.
/// </summary>
public sealed class CartesianStageTests : IDisposable
{
    // Half-widths and centre of the box in a field of view of 1 along each axis; x to the right, y down the frame.
    private static readonly Box Shape = new((0.2, 0.1, 0.25), (0.1, -0.15, 0.05));

    private readonly StageHarness _harness = new();
    private readonly List<ImageFrame> _frames = [];

    public void Dispose()
    {
        _frames.ForEach(f => f.Dispose());
        _harness.Dispose();
    }

    [Fact]
    public async Task A_2D_box_comes_out_where_it_is_with_its_density()
    {
        var frames = await ReconstructAsync(Lines((64, 64, 1)), Point());

        var frame = Assert.Single(frames);
        Assert.Equal((64, 64, PixelType.Float32), (frame.Layout.Width, frame.Layout.Height, frame.Layout.PixelType));
        var (inside, outside, centre) = Measure(frame, 64, 64);
        Assert.InRange(inside, 0.97, 1.03);
        Assert.InRange(outside, 0, 0.03);
        Assert.Equal(Shape.Centre.X, centre.X, 0.01);
        Assert.Equal(Shape.Centre.Y, centre.Y, 0.01);
    }

    [Fact]
    public async Task Repetitions_of_a_line_are_averaged()
    {
        var clean = await ReconstructAsync(Lines((32, 32, 1)), Point());
        var noisy = Lines((32, 32, 1), repetition: 0, noise: +0.25f).Concat(Lines((32, 32, 1), repetition: 1, noise: -0.25f)).ToList();

        var averaged = await ReconstructAsync(noisy, Point());

        Assert.Equal(Pixels(clean[0]), Pixels(averaged[0]), new ToleranceComparer(1e-5));
    }

    [Fact]
    public async Task The_order_lines_arrive_in_does_not_matter_and_navigators_are_left_out()
    {
        var inOrder = await ReconstructAsync(Lines((32, 32, 1)), Point());
        var lines = Lines((32, 32, 1)).OrderBy(l => (l.Window.Index * 7919) % 32).ToList();
        lines.Insert(5, Line(Window(99, 0, 32, new() { ["LIN"] = 3, ["NAV"] = 1 }), Enumerable.Repeat(1000f, 64).ToArray()));

        var shuffled = await ReconstructAsync(lines, Point());

        Assert.Equal(Pixels(inOrder[0]), Pixels(shuffled[0]));
    }

    [Fact]
    public async Task A_reversed_readout_is_turned_back()
    {
        var forward = await ReconstructAsync(Lines((32, 32, 1)), Point());
        var lines = Lines((32, 32, 1)).Select(l =>
        {
            var values = l.Values.ToArray();
            var reversed = new float[values.Length];
            for (var i = 0; i < values.Length / 2; i++)
            {
                (reversed[2 * i], reversed[(2 * i) + 1]) = (values[values.Length - 2 - (2 * i)], values[values.Length - 1 - (2 * i)]);
            }

            var labels = new Dictionary<string, int>(l.Window.Labels) { ["REV"] = 1 };
            var window = l.Window with { Labels = labels };
            l.Dispose();
            return Line(window, reversed);
        }).ToList();

        var turned = await ReconstructAsync(lines, Point());

        Assert.Equal(Pixels(forward[0]), Pixels(turned[0]), new ToleranceComparer(1e-6));
    }

    [Fact]
    public async Task Zero_filling_enlarges_the_matrix_and_a_smaller_x_crops_the_oversampled_readout()
    {
        var filled = await ReconstructAsync(Lines((64, 64, 1)), new CartesianOptions { DwellAveraged = false, Matrix = [128, 128], FieldOfView = [200, 200] });
        var frame = Assert.Single(filled);
        Assert.Equal((128, 128), (frame.Layout.Width, frame.Layout.Height));
        Assert.Equal((200 / 128.0, 200 / 128.0), (frame.Layout.Geometry.SpacingX, frame.Layout.Geometry.SpacingY));
        var (inside, outside, centre) = Measure(frame, 128, 128);
        // Unitary transforms: the same k-space over twice the samples per axis is half as bright.
        Assert.InRange(inside * 2, 0.97, 1.03);
        Assert.InRange(outside, 0, 0.02);
        Assert.Equal(Shape.Centre.X, centre.X, 0.01);

        // A readout of 128 samples over a field of view of 2 (twice as fine in k), cropped to the middle 64.
        var cropped = await ReconstructAsync(Lines((128, 64, 1), fieldOfViewX: 2), new CartesianOptions { DwellAveraged = false, Matrix = [64, 64] });
        frame = Assert.Single(cropped);
        Assert.Equal((64, 64), (frame.Layout.Width, frame.Layout.Height));
        (inside, _, centre) = Measure(frame, 64, 64);
        Assert.InRange(inside, 0.97, 1.03);
        Assert.Equal(Shape.Centre.X, centre.X, 0.01);
    }

    [Fact]
    public async Task Partitions_make_a_3D_image_one_frame_each()
    {
        var frames = await ReconstructAsync(Lines((64, 64, 16)), Point());

        Assert.Equal(16, frames.Count);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (long)i), frames.Select(f => f.Index));
        // z of frame k is (k − 8) / 16: the box spans −0.2 to 0.3.
        var means = frames.Select(f => Pixels(f).Average()).ToList();
        Assert.True(means[9] > 5 * means[1], string.Join(", ", means));
        var (inside, _, centre) = Measure(frames[9], 64, 64);
        Assert.InRange(inside, 0.95, 1.05);
        Assert.Equal(Shape.Centre.Y, centre.Y, 0.02);
    }

    [Fact]
    public async Task Lines_of_different_lengths_are_a_data_error_naming_the_event()
    {
        var lines = Lines((32, 4, 1));
        lines.Add(Line(Window(77, 0, 16, new() { ["LIN"] = 2 }), new float[32]));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReconstructAsync(lines, Point()));

        Assert.Contains("ADC event 77 has 16 samples but the first line had 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_imaging_line_is_a_data_error()
    {
        var navigator = Line(Window(0, 0, 8, new() { ["NAV"] = 1 }), new float[16]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReconstructAsync([navigator], Point()));

        Assert.Contains("no imaging lines", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Samples_averaged_over_their_dwell_are_corrected_along_the_readout()
    {
        var averaged = Lines((64, 64, 1), dwellSteps: 16);

        var corrected = await ReconstructAsync(averaged, new CartesianOptions());
        var uncorrected = await ReconstructAsync(Lines((64, 64, 1), dwellSteps: 16), Point());

        // Columns at x = 0.20-0.23 of the field of view, inside the box (x from −0.1 to 0.3): sinc(x) is 0.92-0.94 there.
        Assert.InRange(StripMean(corrected[0], 0.20, 0.23), 0.97, 1.03);
        Assert.InRange(StripMean(uncorrected[0], 0.20, 0.23), 0.90, 0.95);
    }

    // Mean of the pixels whose x lies in [from, to] and whose y is well inside the box.
    private static double StripMean(ImageFrame frame, double from, double to)
    {
        var (n, pixels, sum, count) = (frame.Layout.Width, Pixels(frame), 0.0, 0);
        for (var j = 0; j < frame.Layout.Height; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var (x, y) = ((i - (n / 2)) / (double)n, (j - (frame.Layout.Height / 2)) / (double)frame.Layout.Height);
                if (x >= from && x <= to && Math.Abs(y - Shape.Centre.Y) < Shape.Half.Y - 0.06)
                {
                    (sum, count) = (sum + pixels[(j * n) + i], count + 1);
                }
            }
        }

        return sum / count;
    }

    private static CartesianOptions Point() => new() { DwellAveraged = false };

    private static float[] Pixels(ImageFrame frame) => frame.Pixels.AsSpan<float>()[..(int)frame.Layout.PixelCount].ToArray();

    // Mean density well inside and well outside the box, and the centre of the image's mass, in field-of-view units.
    private static (double Inside, double Outside, (double X, double Y) Centre) Measure(ImageFrame frame, int nx, int ny)
    {
        var pixels = Pixels(frame);
        double inSum = 0, outSum = 0, mass = 0, mx = 0, my = 0;
        int inCount = 0, outCount = 0;
        for (var j = 0; j < ny; j++)
        {
            for (var i = 0; i < nx; i++)
            {
                var (x, y) = ((i - (nx / 2)) / (double)nx, (j - (ny / 2)) / (double)ny);
                var v = pixels[(j * nx) + i];
                var (dx, dy) = (Math.Abs(x - Shape.Centre.X) - Shape.Half.X, Math.Abs(y - Shape.Centre.Y) - Shape.Half.Y);
                if (dx < -4.0 / nx && dy < -4.0 / ny)
                {
                    (inSum, inCount) = (inSum + v, inCount + 1);
                }
                else if (dx > 6.0 / nx || dy > 6.0 / ny)
                {
                    (outSum, outCount) = (outSum + v, outCount + 1);
                }

                (mass, mx, my) = (mass + v, mx + (v * x), my + (v * y));
            }
        }

        return (inSum / inCount, outSum / outCount, (mx / mass, my / mass));
    }

    private async Task<List<ImageFrame>> ReconstructAsync(IEnumerable<AcquiredLine> lines, CartesianOptions options)
    {
        var frames = await _harness.RunTransformAsync(new CartesianStage(options), lines, TestContext.Current.CancellationToken);
        _frames.AddRange(frames);
        return frames;
    }

    // Lines of an (nx, ny, nz) Cartesian acquisition of the box, labelled LIN and PAR; samples scaled so that the
    // unitary transform gives the box's density: F(k) Δk √n per axis.
    private List<AcquiredLine> Lines((int X, int Y, int Z) n, int repetition = 0, float noise = 0, double fieldOfViewX = 1, int dwellSteps = 1)
    {
        var lines = new List<AcquiredLine>();
        for (var z = 0; z < n.Z; z++)
        {
            var (fzRe, fzIm) = n.Z == 1 ? (1.0, 0.0) : Shape.Transform(2, z - (n.Z / 2), 1);
            var zScale = n.Z == 1 ? 1 : Math.Sqrt(n.Z);
            for (var y = 0; y < n.Y; y++)
            {
                var (fyRe, fyIm) = Shape.Transform(1, y - (n.Y / 2), 1);
                var (fyzRe, fyzIm) = ((fyRe * fzRe) - (fyIm * fzIm), (fyRe * fzIm) + (fyIm * fzRe));
                var values = new float[2 * n.X];
                for (var x = 0; x < n.X; x++)
                {
                    var (fxRe, fxIm) = Shape.Transform(0, x - (n.X / 2), fieldOfViewX, dwellSteps);
                    var scale = zScale * Math.Sqrt(n.Y) / fieldOfViewX * Math.Sqrt(n.X);
                    values[2 * x] = (float)(((fxRe * fyzRe) - (fxIm * fyzIm)) * scale) + noise;
                    values[(2 * x) + 1] = (float)(((fxRe * fyzIm) + (fxIm * fyzRe)) * scale) - noise;
                }

                var labels = new Dictionary<string, int> { ["LIN"] = y };
                if (n.Z > 1)
                {
                    labels["PAR"] = z;
                }

                lines.Add(Line(Window((z * n.Y) + y, repetition, n.X, labels), values));
            }
        }

        return lines;
    }

    private AcquiredLine Line(AcquisitionWindow window, float[] values)
    {
        Assert.True(_harness.Pool.TryRent(values.Length * sizeof(float), out var lease));
        values.CopyTo(lease.AsSpan<float>());
        return new AcquiredLine(window, lease);
    }

    private static AcquisitionWindow Window(long index, int repetition, int samples, Dictionary<string, int> labels) =>
        new(index, repetition, (int)index, index * 1000, samples, samples, 1e-5, 1e5, 0, 0, labels);

    private sealed record Box((double X, double Y, double Z) Half, (double X, double Y, double Z) Centre)
    {
        private double HalfOf(int axis) => axis switch { 0 => Half.X, 1 => Half.Y, _ => Half.Z };

        private double CentreOf(int axis) => axis switch { 0 => Centre.X, 1 => Centre.Y, _ => Centre.Z };

        // The box's transform along one axis at k = index / field of view: 2a sinc(2ak) e^(−2πi k x0).
        // With dwellSteps > 1, the mean over that many points evenly across one step of k around it, as a receiver
        // that averages each sample over its dwell records while the readout gradient moves k.
        public (double Re, double Im) Transform(int axis, int index, double fieldOfView, int dwellSteps = 1)
        {
            double re = 0, im = 0;
            for (var s = 0; s < dwellSteps; s++)
            {
                var k = (index + (dwellSteps == 1 ? 0 : ((s + 0.5) / dwellSteps) - 0.5)) / fieldOfView;
                var a = HalfOf(axis);
                var u = 2 * a * k;
                var magnitude = 2 * a * (u == 0 ? 1 : Math.Sin(Math.PI * u) / (Math.PI * u));
                var phase = -2 * Math.PI * k * CentreOf(axis);
                (re, im) = (re + (magnitude * Math.Cos(phase)), im + (magnitude * Math.Sin(phase)));
            }

            return (re / dwellSteps, im / dwellSteps);
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(float obj) => 0;
    }
}
