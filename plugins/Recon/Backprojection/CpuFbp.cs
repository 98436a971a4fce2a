using System.Runtime.InteropServices;
using Conduit.Plugins.Recon.Filtering;
using Conduit.Plugins.Recon.Geometry;

namespace Conduit.Plugins.Recon.Backprojection;

/// <summary>
/// Filtered back-projection on the CPU for a chunk of slices that share one geometry: filters every sinogram row in
/// place (pairs of rows per FFT, spread over the workers, each with its own scratch), then back-projects tiles of output
/// rows on all workers. Holds only its tables; sinograms, slices and scratch belong to the caller.
/// </summary>
internal sealed class CpuFbp
{
    private readonly SinogramFilter _filter;
    private readonly BackprojectionTables _tables;
    private readonly float[] _weights;

    public CpuFbp(ParallelBeamGeometry geometry, FbpSettings settings, int workers)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Geometry = geometry;
        Settings = settings;
        Workers = workers;
        _filter = new SinogramFilter(settings.Filter, settings.Padding, geometry.Detectors);
        _tables = new BackprojectionTables(geometry, settings.OutputSize, settings.PixelSize);
        _weights = [.. geometry.Weights().Select(w => (float)w)];
    }

    public ParallelBeamGeometry Geometry { get; }

    public FbpSettings Settings { get; }

    public int Workers { get; }

    /// <summary>Bytes of scratch <see cref="Reconstruct"/> needs for a chunk of <paramref name="slices"/>.</summary>
    public long ScratchBytes(int slices) => ScratchBytesFor(Geometry.AngleCount, Geometry.Detectors, slices, Workers);

    /// <summary>Each worker's FFT rows, and each sinogram row's two edge values.</summary>
    public static long ScratchBytesFor(int angles, int detectors, int slices, int workers) =>
        (((long)workers * 2 * SinogramFilter.PaddedLengthFor(detectors)) + (2L * slices * angles)) * sizeof(float);

    /// <summary>Bytes of the tables this object holds (filter, FFT, angle tables and weights).</summary>
    public static long TableBytesFor(int angles, int detectors) =>
        SinogramFilter.TableBytes(detectors) + BackprojectionTables.Bytes(angles) + ((long)angles * sizeof(float));

    /// <summary>
    /// Reconstructs each sinogram into the slice at the same position. Sinograms are float32 angles × detectors and are
    /// overwritten by their filtered rows; slices are float32 N × N and are overwritten.
    /// </summary>
    public void Reconstruct(IReadOnlyList<Memory<byte>> sinograms, IReadOnlyList<Memory<byte>> slices, Memory<byte> scratch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sinograms);
        ArgumentNullException.ThrowIfNull(slices);
        if (sinograms.Count != slices.Count)
        {
            throw new ArgumentException($"{sinograms.Count} sinograms but {slices.Count} slices", nameof(slices));
        }

        var scratchBytes = ScratchBytes(sinograms.Count);
        if (scratch.Length < scratchBytes)
        {
            throw new ArgumentException($"the scratch needs {scratchBytes} bytes, it has {scratch.Length}", nameof(scratch));
        }

        for (var i = 0; i < sinograms.Count; i++)
        {
            if (sinograms[i].Length < Geometry.SinogramBytes || slices[i].Length < Settings.SliceBytes)
            {
                throw new ArgumentException($"chunk entry {i}: the sinogram needs {Geometry.SinogramBytes} bytes (has {sinograms[i].Length}), the slice {Settings.SliceBytes} (has {slices[i].Length})");
            }
        }

        Filter(sinograms, scratch, cancellationToken);
        Backproject(sinograms, slices, scratch, cancellationToken);
    }

    private void Filter(IReadOnlyList<Memory<byte>> sinograms, Memory<byte> scratch, CancellationToken cancellationToken)
    {
        // Rows are paired within a slice only, so a slice's arithmetic is the same whatever chunk it arrives in.
        var angles = Geometry.AngleCount;
        var detectors = Geometry.Detectors;
        var pairsPerSlice = (angles + 1) / 2;
        var pairs = (long)sinograms.Count * pairsPerSlice;
        var scratchFloats = _filter.ScratchFloats;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = cancellationToken };
        Parallel.For(0, Workers, options, worker =>
        {
            var floats = MemoryMarshal.Cast<byte, float>(scratch.Span);
            var own = floats.Slice(worker * scratchFloats, scratchFloats);
            var edges = floats[(Workers * scratchFloats)..];
            var first = pairs * worker / Workers;
            var end = pairs * (worker + 1) / Workers;
            for (var pair = first; pair < end; pair++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var slice = (int)(pair / pairsPerSlice);
                var angleA = (int)(pair % pairsPerSlice) * 2;
                var rows = MemoryMarshal.Cast<byte, float>(sinograms[slice].Span);
                var rowA = (slice * angles) + angleA;
                var a = rows.Slice(angleA * detectors, detectors);
                var hasB = angleA + 1 < angles;
                var b = hasB ? rows.Slice((angleA + 1) * detectors, detectors) : [];
                _filter.FilterPair(
                    a, _weights[angleA], edges.Slice(2 * rowA, 2),
                    b, hasB ? _weights[angleA + 1] : 0f, hasB ? edges.Slice(2 * (rowA + 1), 2) : [],
                    own);
            }
        });
    }

    private void Backproject(IReadOnlyList<Memory<byte>> sinograms, IReadOnlyList<Memory<byte>> slices, Memory<byte> scratch, CancellationToken cancellationToken)
    {
        var n = Settings.OutputSize;
        var tilesPerSlice = (n + CpuBackprojector.TileRows - 1) / CpuBackprojector.TileRows;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = cancellationToken };
        Parallel.For(0, slices.Count * tilesPerSlice, options, work =>
        {
            var index = work / tilesPerSlice;
            var rowStart = work % tilesPerSlice * CpuBackprojector.TileRows;
            var rowEnd = Math.Min(n, rowStart + CpuBackprojector.TileRows);
            var slice = MemoryMarshal.Cast<byte, float>(slices[index].Span)[..(n * n)];
            slice.Slice(rowStart * n, (rowEnd - rowStart) * n).Clear();
            var sinogram = MemoryMarshal.Cast<byte, float>(sinograms[index].Span)[..(Geometry.AngleCount * Geometry.Detectors)];
            var edges = MemoryMarshal.Cast<byte, float>(scratch.Span).Slice((Workers * _filter.ScratchFloats) + (2 * index * Geometry.AngleCount), 2 * Geometry.AngleCount);
            CpuBackprojector.Backproject(_tables, sinogram, edges, slice, rowStart, rowEnd);
            if (Settings.CircleMask)
            {
                MaskOutsideCircle(slice, rowStart, rowEnd);
            }
        });
    }

    private void MaskOutsideCircle(Span<float> slice, int rowStart, int rowEnd)
    {
        var n = Settings.OutputSize;
        var radius = Settings.MaskRadius(Geometry.Detectors);
        var centre = n / 2;
        for (var r = rowStart; r < rowEnd; r++)
        {
            var row = slice.Slice(r * n, n);
            var dy = r - centre;
            for (var c = 0; c < n; c++)
            {
                var dx = c - centre;
                if ((dx * dx) + (dy * dy) > radius * radius)
                {
                    row[c] = 0;
                }
            }
        }
    }
}
