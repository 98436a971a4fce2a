using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// Turns the bytes of whole events into numbers (row-major, one value per channel), applying the byte order and, for
/// integers, the <c>$PnR</c> bit mask. Raw values: no amplification, gain or time step (see <see cref="FcsPreprocessor"/>).
/// </summary>
public sealed class FcsEventDecoder
{
    private readonly FcsDataSet _dataSet;
    private readonly int[] _offsets;
    private readonly int[][] _positions;
    private readonly bool _littleEndian;
    private readonly bool _bigEndian;
    private readonly bool _allFloat;

    /// <summary>Creates a decoder for the events of <paramref name="dataSet"/>.</summary>
    public FcsEventDecoder(FcsDataSet dataSet, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        _dataSet = dataSet;
        _offsets = new int[dataSet.Channels.Count];
        _positions = new int[dataSet.Channels.Count][];
        var offset = 0;
        for (var i = 0; i < _offsets.Length; i++)
        {
            var channel = dataSet.Channels[i];
            _offsets[i] = offset;
            _positions[i] = dataSet.ByteOrder?.LittleEndianPositions(Math.Max(channel.Width, 1), path) ?? [0];
            offset += channel.Width;
        }

        _littleEndian = dataSet.ByteOrder?.IsLittleEndian ?? true;
        _bigEndian = dataSet.ByteOrder?.IsBigEndian ?? false;
        _allFloat = dataSet.Channels.All(c => c.Type == FcsDataType.Float);
    }

    /// <summary>The data set whose events this decoder reads.</summary>
    public FcsDataSet DataSet => _dataSet;

    /// <summary>Decodes <paramref name="count"/> events from <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public void Decode(ReadOnlySpan<byte> source, int count, Span<double> destination)
    {
        var channels = _offsets.Length;
        var stride = _dataSet.BytesPerEvent;
        if (source.Length < (long)count * stride || destination.Length < (long)count * channels)
        {
            throw new ArgumentException($"{count} events need {(long)count * stride} bytes and {(long)count * channels} values");
        }

        if (_allFloat && (_littleEndian || _bigEndian))
        {
            DecodeFloats(source, count * channels, destination);
            return;
        }

        for (var e = 0; e < count; e++)
        {
            var row = source.Slice(e * stride, stride);
            var values = destination.Slice(e * channels, channels);
            for (var c = 0; c < channels; c++)
            {
                var channel = _dataSet.Channels[c];
                var field = row.Slice(_offsets[c], channel.Width);
                values[c] = channel.Type switch
                {
                    FcsDataType.Integer => ReadInteger(field, c) & channel.Mask,
                    FcsDataType.Float => BitConverter.Int32BitsToSingle((int)ReadInteger(field, c)),
                    FcsDataType.Double => BitConverter.Int64BitsToDouble((long)ReadInteger(field, c)),
                    _ => ParseAscii(field, channel),
                };
            }
        }
    }

    private void DecodeFloats(ReadOnlySpan<byte> source, int values, Span<double> destination)
    {
        if (_littleEndian)
        {
            for (var i = 0; i < values; i++)
            {
                destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
            }
        }
        else
        {
            for (var i = 0; i < values; i++)
            {
                destination[i] = BinaryPrimitives.ReadSingleBigEndian(source[(i * 4)..]);
            }
        }
    }

    private ulong ReadInteger(ReadOnlySpan<byte> field, int channel)
    {
        switch (field.Length)
        {
            case 1:
                return field[0];
            case 2 when _littleEndian:
                return BinaryPrimitives.ReadUInt16LittleEndian(field);
            case 2 when _bigEndian:
                return BinaryPrimitives.ReadUInt16BigEndian(field);
            case 4 when _littleEndian:
                return BinaryPrimitives.ReadUInt32LittleEndian(field);
            case 4 when _bigEndian:
                return BinaryPrimitives.ReadUInt32BigEndian(field);
            case 8 when _littleEndian:
                return BinaryPrimitives.ReadUInt64LittleEndian(field);
            case 8 when _bigEndian:
                return BinaryPrimitives.ReadUInt64BigEndian(field);
        }

        var positions = _positions[channel];
        ulong value = 0;
        for (var significance = positions.Length - 1; significance >= 0; significance--)
        {
            value = (value << 8) | field[positions[significance]];
        }

        return value;
    }

    private static double ParseAscii(ReadOnlySpan<byte> field, FcsChannel channel) =>
        double.TryParse(Encoding.ASCII.GetString(field).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FcsDataException($"channel {channel.Name}: \"{Encoding.ASCII.GetString(field)}\" is not a number");
}
