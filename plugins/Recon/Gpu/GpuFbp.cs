using System.Runtime.InteropServices;
using Conduit.Plugins.Recon.Backprojection;
using Conduit.Plugins.Recon.Filtering;
using Conduit.Plugins.Recon.Geometry;
using ILGPU;
using ILGPU.Runtime;

namespace Conduit.Plugins.Recon.Gpu;

/// <summary>
/// Filtered back-projection on an ILGPU accelerator (CUDA, or ILGPU's CPU accelerator in tests), with the CPU path's
/// filter tables and ray convention. For a chunk it holds on the device: the sinograms, the slices, two edge values a
/// row, one batch of padded row pairs (real and imaginary) and the tables, all from the <see cref="DeviceMemoryPool"/>;
/// <see cref="DeviceBytes"/> is that sum.
/// </summary>
internal sealed class GpuFbp : IDisposable
{
    private readonly DeviceMemoryPool _pool;
    private ChunkBuffers? _chunk;
    private readonly SinogramFilter _filter;
    private readonly DeviceBuffer<int> _paddingIndex;
    private readonly DeviceBuffer<float> _response;
    private readonly DeviceBuffer<float> _cos;
    private readonly DeviceBuffer<float> _sin;
    private readonly DeviceBuffer<float> _weights;
    private readonly DeviceBuffer<double> _base;
    private readonly DeviceBuffer<double> _rowStep;
    private readonly DeviceBuffer<double> _columnStep;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, int, int, long> _gather;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _dif;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> _multiply;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _dit;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, long> _scatter;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<float>, BackprojectionShape, int> _backproject;

    public GpuFbp(DeviceMemoryPool pool, ParallelBeamGeometry geometry, FbpSettings settings, int batchPairs)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchPairs, 1);
        _pool = pool;
        Geometry = geometry;
        Settings = settings;
        BatchPairs = BatchFor(batchPairs, geometry.Detectors);
        _filter = new SinogramFilter(settings.Filter, settings.Padding, geometry.Detectors);
        var tables = new BackprojectionTables(geometry, settings.OutputSize, settings.PixelSize);
        var (cos, sin) = _filter.Fft.Twiddles;
        var weights = geometry.Weights().Select(w => (float)w).ToArray();
        var buffers = new List<IDisposable>();
        try
        {
            _paddingIndex = Track(buffers, Upload<int>(_filter.PaddingIndex));
            _response = Track(buffers, Upload<float>(_filter.Response));
            _cos = Track(buffers, Upload<float>(cos));
            _sin = Track(buffers, Upload<float>(sin));
            _weights = Track(buffers, Upload<float>(weights));
            _base = Track(buffers, Upload<double>(tables.Base));
            _rowStep = Track(buffers, Upload<double>(tables.RowStep));
            _columnStep = Track(buffers, Upload<double>(tables.ColumnStep));
            (_gather, _dif, _multiply, _dit, _scatter, _backproject) = LoadKernels(pool.Accelerator);
        }
        catch
        {
            buffers.ForEach(b => b.Dispose());
            throw;
        }
    }

    private static (
        Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, int, int, long>,
        Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>,
        Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>,
        Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>,
        Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, long>,
        Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<float>, BackprojectionShape, int>) LoadKernels(Accelerator accelerator)
    {
        return (
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, int, int, long>(FbpKernels.Gather),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(FbpKernels.DifStage),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(FbpKernels.Multiply),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(FbpKernels.DitStage),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, long>(FbpKernels.Scatter),
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<float>, BackprojectionShape, int>(FbpKernels.Backproject));
    }

    public ParallelBeamGeometry Geometry { get; }

    public FbpSettings Settings { get; }

    /// <summary>Row pairs filtered per batch of launches.</summary>
    public int BatchPairs { get; }

    /// <summary>Device bytes for a chunk of <paramref name="slices"/>: sinograms, slices, edges, one filter batch, tables.</summary>
    public static long DeviceBytes(int angles, int detectors, int outputSize, int slices, int batchPairs)
    {
        var padded = SinogramFilter.PaddedLengthFor(detectors);
        var pairs = Math.Min(BatchFor(batchPairs, detectors), (long)slices * ((angles + 1) / 2));
        return (4L * slices * angles * detectors)
            + (4L * slices * outputSize * outputSize)
            + (8L * slices * angles)
            + (8L * pairs * padded)
            + SinogramFilter.TableBytes(detectors)
            + (4L * angles)
            + (24L * angles);
    }

    /// <summary>The batch actually used: launches index with int, so a batch of pairs × padded length stays below 2³¹.</summary>
    public static int BatchFor(int batchPairs, int detectors) =>
        Math.Min(batchPairs, int.MaxValue / (SinogramFilter.PaddedLengthFor(detectors) + 2));

    /// <summary>Reconstructs each sinogram (host memory, float32 angles × detectors; left unchanged) into the slice at
    /// the same position (host memory, float32 N × N).</summary>
    public void Reconstruct(IReadOnlyList<Memory<byte>> sinograms, IReadOnlyList<Memory<byte>> slices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sinograms);
        ArgumentNullException.ThrowIfNull(slices);
        if (sinograms.Count != slices.Count || sinograms.Count == 0)
        {
            throw new ArgumentException($"{sinograms.Count} sinograms but {slices.Count} slices", nameof(slices));
        }

        var count = sinograms.Count;
        var angles = Geometry.AngleCount;
        var detectors = Geometry.Detectors;
        var n = Settings.OutputSize;
        var padded = _filter.PaddedLength;
        var rows = (long)count * angles;
        var sinogramFloats = (long)angles * detectors;
        var pairsTotal = (long)count * ((angles + 1) / 2);
        var batch = (int)Math.Min(BatchPairs, pairsTotal);

        // The chunk's buffers are allocated for the first (largest) chunk and kept: later chunks reserve nothing, so
        // they cannot fail for memory that downstream stages hold for a moment.
        if (_chunk is null || _chunk.SliceCount < count)
        {
            _chunk?.Dispose();
            _chunk = null;
            _chunk = new ChunkBuffers(_pool, count, sinogramFloats, (long)n * n, 2 * rows, (long)batch * padded);
        }

        var (sinogramBuffer, sliceBuffer, edges, re, im) = (_chunk.Sinograms, _chunk.Slices, _chunk.Edges, _chunk.Real, _chunk.Imaginary);
        for (var i = 0; i < count; i++)
        {
            sinogramBuffer.Upload(MemoryMarshal.Cast<byte, float>(sinograms[i].Span)[..(int)sinogramFloats], i * sinogramFloats);
        }

        for (long firstPair = 0; firstPair < pairsTotal; firstPair += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pairs = (int)Math.Min(batch, pairsTotal - firstPair);
            _gather(pairs * padded, sinogramBuffer.View, _paddingIndex.View, re.View, im.View, padded, detectors, angles, firstPair);
            for (var half = padded / 2; half >= 1; half /= 2)
            {
                _dif(pairs * (padded / 2), re.View, im.View, _cos.View, _sin.View, padded, half);
            }

            _multiply(pairs * padded, re.View, im.View, _response.View, padded);
            for (var half = 1; half < padded; half *= 2)
            {
                _dit(pairs * (padded / 2), re.View, im.View, _cos.View, _sin.View, padded, half);
            }

            _scatter(pairs * (detectors + 2), re.View, im.View, sinogramBuffer.View, edges.View, _weights.View, padded, detectors, angles, firstPair);
        }

        var radius = Settings.MaskRadius(detectors);
        var shape = new BackprojectionShape(n, detectors, angles, Settings.CircleMask ? 1 : 0, radius * radius);
        for (var i = 0; i < count; i++)
        {
            _backproject(n * n, sinogramBuffer.View, edges.View, _base.View, _rowStep.View, _columnStep.View, sliceBuffer.View, shape, i);
        }

        _pool.Accelerator.Synchronize();
        for (var i = 0; i < count; i++)
        {
            sliceBuffer.Download(MemoryMarshal.Cast<byte, float>(slices[i].Span)[..(n * n)], (long)i * n * n);
        }
    }

    public void Dispose()
    {
        _chunk?.Dispose();
        _paddingIndex.Dispose();
        _response.Dispose();
        _cos.Dispose();
        _sin.Dispose();
        _weights.Dispose();
        _base.Dispose();
        _rowStep.Dispose();
        _columnStep.Dispose();
    }

    // The device buffers of one chunk: sinograms, slices, edge values and one filter batch (real and imaginary).
    private sealed class ChunkBuffers : IDisposable
    {
        private readonly List<IDisposable> _all = [];

        public ChunkBuffers(DeviceMemoryPool pool, int slices, long sinogramFloats, long sliceFloats, long edgeFloats, long batchFloats)
        {
            try
            {
                SliceCount = slices;
                Sinograms = Add(pool.Allocate<float>(slices * sinogramFloats));
                Slices = Add(pool.Allocate<float>(slices * sliceFloats));
                Edges = Add(pool.Allocate<float>(edgeFloats));
                Real = Add(pool.Allocate<float>(batchFloats));
                Imaginary = Add(pool.Allocate<float>(batchFloats));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public int SliceCount { get; }

        public DeviceBuffer<float> Sinograms { get; }

        public DeviceBuffer<float> Slices { get; }

        public DeviceBuffer<float> Edges { get; }

        public DeviceBuffer<float> Real { get; }

        public DeviceBuffer<float> Imaginary { get; }

        public void Dispose() => _all.ForEach(b => b.Dispose());

        private DeviceBuffer<float> Add(DeviceBuffer<float> buffer)
        {
            _all.Add(buffer);
            return buffer;
        }
    }

    private static T Track<T>(List<IDisposable> buffers, T buffer)
        where T : IDisposable
    {
        buffers.Add(buffer);
        return buffer;
    }

    private DeviceBuffer<T> Upload<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var buffer = _pool.Allocate<T>(values.Length);
        buffer.Upload(values);
        return buffer;
    }
}
