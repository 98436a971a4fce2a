using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Conduit.Plugins.Recon.Loading;

/// <summary>
/// Sinograms in an HDF5 dataset (2D (angles, detectors) or 3D ordered as <see cref="SinogramAxes"/> says) of float or
/// integer elements, read one slice at a time through a hyperslab. Angles in degrees come from a 1D dataset when the
/// file has one (as <c>/exchange/theta</c> in APS Data Exchange files). What the HDF5 library throws for a damaged
/// file becomes a <see cref="SinogramFormatException"/> naming the file.
/// </summary>
internal sealed class Hdf5SinogramSource : ISinogramSource
{
    private readonly NativeFile _file;
    private readonly NativeDataset _data;
    private readonly SinogramAxes _axes;
    private readonly int _rank;
    private readonly H5DataTypeClass _class;
    private readonly int _size;
    private readonly bool _signed;
    private readonly string _path;
    private readonly string? _anglesDataset;
    private Array? _scratch;
    private double[]? _anglesDegrees;

    public Hdf5SinogramSource(string path, string dataset, string anglesDataset, SinogramAxes axes)
    {
        _path = path;
        try
        {
            _file = H5File.OpenRead(path);
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Damaged(path, e);
        }

        try
        {
            if (!_file.LinkExists(dataset))
            {
                throw new SinogramFormatException($"{path}: no dataset '{dataset}' (set the stage's 'dataset' option)");
            }

            _data = (NativeDataset)_file.Dataset(dataset);
            var dims = _data.Space.Dimensions;
            if (dims.Length is not (2 or 3) || dims.Any(d => d is 0 or > int.MaxValue))
            {
                throw new SinogramFormatException($"{path}: dataset '{dataset}' has shape ({string.Join(", ", dims)}); expected (angles, detectors) or three non-zero dimensions");
            }

            _rank = dims.Length;
            _axes = axes;
            Detectors = (int)dims[^1];
            (Slices, Angles) = dims.Length == 2 ? (1, (int)dims[0])
                : axes == SinogramAxes.SlicesAnglesDetectors ? ((int)dims[0], (int)dims[1]) : ((int)dims[1], (int)dims[0]);
            var type = _data.Type;
            _class = type.Class;
            _size = type.Size;
            _signed = _class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned;
            var supported = _class switch
            {
                H5DataTypeClass.FloatingPoint => _size is 4 or 8,
                H5DataTypeClass.FixedPoint => _size is 1 or 2 or 4 or 8,
                _ => false,
            };
            if (!supported)
            {
                throw new SinogramFormatException($"{path}: dataset '{dataset}' holds {_class} elements of {_size} bytes; sinograms must be floating-point or integer numbers");
            }

            _anglesDataset = _file.LinkExists(anglesDataset) ? anglesDataset : null;
        }
        catch (Exception e)
        {
            _file.Dispose();
            if (IsDamage(e))
            {
                throw Damaged(path, e);
            }

            throw;
        }
    }

    public int Slices { get; }

    public int Angles { get; }

    public int Detectors { get; }

    /// <summary>Read at the first use, so that a caller can first check that a slice fits its budget: the angles
    /// dataset may not hold more values than a slice has rows.</summary>
    public double[]? AnglesDegrees
    {
        get
        {
            if (_anglesDataset is null || _anglesDegrees is not null)
            {
                return _anglesDegrees;
            }

            try
            {
                return _anglesDegrees = ReadAngles(_path, _anglesDataset);
            }
            catch (Exception e) when (IsDamage(e))
            {
                throw Damaged(_path, e);
            }
        }
    }

    /// <summary>Float32 slices are read in place; others through one slice of scratch, made at the first read (once
    /// the caller has shown that a slice fits its budget, not when a header claims its size).</summary>
    public long ScratchBytes => (_class, _size) is (H5DataTypeClass.FloatingPoint, 4) ? 0 : (long)Angles * Detectors * _size;

    public void ReadSlice(int slice, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slice, Slices);
        var selection = _rank == 2
            ? new HyperslabSelection(2, [0, 0], [(ulong)Angles, (ulong)Detectors])
            : _axes == SinogramAxes.SlicesAnglesDetectors
                ? new HyperslabSelection(3, [(ulong)slice, 0, 0], [1, (ulong)Angles, (ulong)Detectors])
                : new HyperslabSelection(3, [0, (ulong)slice, 0], [(ulong)Angles, 1, (ulong)Detectors]);
        var values = destination[..(Angles * Detectors)];
        try
        {
            ReadSelection(selection, values);
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Damaged(_path, e);
        }
    }

    public void Dispose() => _file.Dispose();

    // What the HDF5 library throws for bytes it cannot make sense of, short of running out of memory or being cancelled.
    private static bool IsDamage(Exception e) => e is not (SinogramFormatException or OutOfMemoryException or OperationCanceledException);

    private static SinogramFormatException Damaged(string path, Exception e) =>
        new($"{path}: not a readable HDF5 sinogram file ({e.GetType().Name}: {e.Message})", e);

    private void ReadSelection(HyperslabSelection selection, Span<float> values)
    {
        _scratch ??= (_class, _size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => null,
            (H5DataTypeClass.FloatingPoint, _) => new double[values.Length],
            _ => new byte[(long)values.Length * _size],
        };
        switch (_scratch)
        {
            case null:
                _data.Read(values, fileSelection: selection);
                break;
            case double[] doubles:
                _data.Read(doubles.AsSpan(), fileSelection: selection);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)doubles[i];
                }

                break;
            case byte[] bytes:
                ReadIntegers(bytes, selection);
                ElementConverter.ToSingle(bytes, _signed ? 'i' : 'u', _size, false, values);
                break;
        }
    }

    private void ReadIntegers(byte[] bytes, HyperslabSelection selection)
    {
        // PureHDF converts to the requested type's byte order; each width is read as its own type.
        switch (_size)
        {
            case 1: _data.Read(bytes.AsSpan(), fileSelection: selection); break;
            case 2: _data.Read(MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan()), fileSelection: selection); break;
            case 4: _data.Read(MemoryMarshal.Cast<byte, uint>(bytes.AsSpan()), fileSelection: selection); break;
            default: _data.Read(MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan()), fileSelection: selection); break;
        }
    }

    private double[] ReadAngles(string path, string name)
    {
        var angles = _file.Dataset(name);
        if (angles.Space.Dimensions is not [var n] || n != (ulong)Angles)
        {
            throw new SinogramFormatException($"{path}: dataset '{name}' has shape ({string.Join(", ", angles.Space.Dimensions)}), but the sinogram has {Angles} angles");
        }

        return angles.Type is { Class: H5DataTypeClass.FloatingPoint, Size: 4 }
            ? [.. angles.Read<float[]>().Select(a => (double)a)]
            : angles.Type.Class == H5DataTypeClass.FloatingPoint ? angles.Read<double[]>()
            : throw new SinogramFormatException($"{path}: dataset '{name}' must hold floating-point angles in degrees");
    }
}
