using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Conduit.Plugins.Recon.Loading;

/// <summary>
/// Sinograms in a <c>.npy</c> file: a 2D array (angles, detectors) or a 3D one ordered as <see cref="SinogramAxes"/>
/// says, C order. Reads one detector row at a time at its offset, so memory is one row of scratch.
/// </summary>
internal sealed class NpySinogramSource : ISinogramSource
{
    private readonly SafeFileHandle _file;
    private readonly NpyHeader _header;
    private readonly SinogramAxes _axes;
    private readonly byte[] _row;

    public NpySinogramSource(string path, SinogramAxes axes)
    {
        _header = NpyHeader.Read(path);
        if (_header.FortranOrder)
        {
            throw new SinogramFormatException($"{path}: the array is in Fortran order; save it with numpy.ascontiguousarray first");
        }

        var shape = _header.Shape;
        if (shape.Length is not (2 or 3) || shape.Any(d => d is 0 or > int.MaxValue))
        {
            throw new SinogramFormatException($"{path}: shape ({string.Join(", ", shape)}) is not a sinogram: expected (angles, detectors) or three non-zero dimensions");
        }

        _axes = axes;
        Detectors = (int)shape[^1];
        (Slices, Angles) = shape.Length == 2 ? (1, (int)shape[0])
            : axes == SinogramAxes.SlicesAnglesDetectors ? ((int)shape[0], (int)shape[1]) : ((int)shape[1], (int)shape[0]);
        _row = new byte[(long)Detectors * _header.ElementSize];
        _file = File.OpenHandle(path);
    }

    public int Slices { get; }

    public int Angles { get; }

    public int Detectors { get; }

    public double[]? AnglesDegrees => null;

    public long ScratchBytes => _row.Length;

    public void ReadSlice(int slice, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slice, Slices);
        var rowBytes = _row.LongLength;
        for (var a = 0; a < Angles; a++)
        {
            var rowIndex = _axes == SinogramAxes.SlicesAnglesDetectors || _header.Shape.Length == 2
                ? ((long)slice * Angles) + a
                : ((long)a * Slices) + slice;
            var target = destination.Slice(a * Detectors, Detectors);
            var offset = _header.DataOffset + (rowIndex * rowBytes);
            var direct = _header.Kind == 'f' && _header.ElementSize == 4 && !_header.BigEndian;
            var buffer = direct ? MemoryMarshal.AsBytes(target) : _row.AsSpan();
            for (var done = 0; done < rowBytes;)
            {
                var read = RandomAccess.Read(_file, buffer[done..], offset + done);
                if (read == 0)
                {
                    throw new SinogramFormatException($"offset {offset + done}: the file ended while reading slice {slice}, angle {a}");
                }

                done += read;
            }

            if (!direct)
            {
                ElementConverter.ToSingle(_row, _header.Kind, _header.ElementSize, _header.BigEndian, target);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
