using Conduit.Abstractions.Errors;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Conduit.Plugins.Spectrum.Raw;

/// <summary>
/// Reads a raw-data file in the <see cref="RawDataLayout"/> that <c>spectrum.write-raw</c> writes: the per-line tables
/// at once (they are small), the lines one at a time.
/// </summary>
internal sealed class RawDataReader : IDisposable
{
    private readonly NativeFile _file;
    private readonly NativeDataset _data;

    private RawDataReader(string path, NativeFile file)
    {
        Path = path;
        _file = file;
        var layout = file.AttributeExists("layout") ? file.Attribute("layout").Read<string>() : null;
        if (layout != RawDataLayout.Name)
        {
            throw new InvalidDataException($"its layout attribute is {(layout is null ? "missing" : $"\"{layout}\"")}, not \"{RawDataLayout.Name}\"");
        }

        _data = (NativeDataset)file.Dataset(RawDataLayout.Data);
        var dims = _data.Space.Dimensions;
        if (dims is not [_, _, 2])
        {
            throw new InvalidDataException($"/{RawDataLayout.Data} is {string.Join(" × ", dims)}, the layout has lines × samples × 2");
        }

        (Lines, Width) = (checked((int)dims[0]), checked((int)dims[1]));
        SampleRate = file.AttributeExists("sample_rate_hz") ? file.Attribute("sample_rate_hz").Read<double>() : 0;
        Samples = file.Dataset(RawDataLayout.Samples).Read<int[]>();
        Averages = file.Dataset(RawDataLayout.Averages).Read<int[]>();
        AdcIndex = file.Dataset(RawDataLayout.AdcIndex).Read<int[]>();
        Dwell = file.Dataset(RawDataLayout.Dwell).Read<double[]>();
        var labels = file.Group(RawDataLayout.Labels);
        Labels = labels.Children().Select(c => c.Name).Order(StringComparer.Ordinal)
            .ToDictionary(name => name, name => labels.Dataset(name).Read<int[]>(), StringComparer.Ordinal);
        if (new[] { Samples.Length, Averages.Length, AdcIndex.Length, Dwell.Length }.Any(n => n != Lines))
        {
            throw new InvalidDataException($"the per-line tables do not all have {Lines} rows");
        }
    }

    public string Path { get; }

    /// <summary>Lines (rows of /data).</summary>
    public int Lines { get; }

    /// <summary>Samples of the longest line (the row width).</summary>
    public int Width { get; }

    /// <summary>The digitizer's sample rate in Hz.</summary>
    public double SampleRate { get; }

    public int[] Samples { get; }

    public int[] Averages { get; }

    public int[] AdcIndex { get; }

    public double[] Dwell { get; }

    /// <summary>Label name to its value on every line.</summary>
    public IReadOnlyDictionary<string, int[]> Labels { get; }

    /// <summary>Opens a file.</summary>
    /// <exception cref="ConduitDataException">Not HDF5, or not the raw layout (the message says what is missing).</exception>
    public static RawDataReader Open(string path)
    {
        NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not IOException and not UnauthorizedAccessException)
        {
            throw new ConduitDataException(path, $"not a readable HDF5 file: {e.Message}", innerException: e);
        }

        try
        {
            return new RawDataReader(path, file);
        }
        catch (Exception e)
        {
            file.Dispose();
            throw new ConduitDataException(path, e is InvalidDataException ? e.Message : $"does not follow the {RawDataLayout.Name} layout: {e.Message}", innerException: e);
        }
    }

    /// <summary>Reads line <paramref name="index"/> as (re, im) pairs: 2 × <see cref="Width"/> floats.</summary>
    public void ReadLine(int index, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Lines);
        _data.Read(destination[..(2 * Width)], fileSelection: new HyperslabSelection(3, [(ulong)index, 0, 0], [1, (ulong)Width, 2]));
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
