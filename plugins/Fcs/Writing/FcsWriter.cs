using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Writing;

/// <summary>
/// Writes one FCS 3.1 data set of little-endian events (float32, or unsigned 16- or 32-bit integers) to a seekable
/// stream, streaming: events are appended
/// as they come, and the values known only at the end (<c>$TOT</c>, <c>$ENDDATA</c>, <c>$PnR</c>, the HEADER's DATA
/// offsets) are written into fixed-width fields reserved in TEXT and patched by <see cref="CompleteAsync"/>. Rows
/// that are already float32 are written from the caller's memory, without a copy.
/// </summary>
/// <remarks>
/// Layout: HEADER (58 bytes, <c>FCS3.1</c>), TEXT from byte 58 with delimiter <c>/</c> (delimiters inside values
/// doubled), DATA right after TEXT, then the 8-byte CRC field <c>00000000</c> (no CRC). HEADER DATA offsets beyond
/// 99,999,999 are written as 0, as FCS 3.1 requires; TEXT always holds them.
/// </remarks>
public sealed class FcsWriter
{
    /// <summary>Values converted at a time (float64 to float32, or to integers).</summary>
    private const int Batch = 1 << 16;

    /// <summary>The most scratch memory the writer rents at once, whatever the size of what it is given: one batch
    /// of float64 values' worth of output.</summary>
    public const long ScratchBytes = Batch * sizeof(float);

    private const int NumberWidth = 20;
    private const char Delimiter = '/';
    private const int TextStart = 58;

    private readonly Stream _stream;
    private readonly int _channels;
    private readonly long _textEnd;
    private readonly long _dataStart;
    private readonly Dictionary<string, long> _fieldPositions;
    private readonly float[] _maxima;
    private readonly FcsWriteFormat _format;
    private long _valuesWritten;
    private bool _completed;

    private FcsWriter(Stream stream, int channels, long textEnd, Dictionary<string, long> fieldPositions, FcsWriteFormat format)
    {
        _format = format;
        _stream = stream;
        _channels = channels;
        _textEnd = textEnd;
        _dataStart = textEnd + 1;
        _fieldPositions = fieldPositions;
        _maxima = new float[channels];
    }

    /// <summary>Whole events written so far.</summary>
    public long EventCount => _valuesWritten / _channels;

    /// <summary>Writes HEADER and TEXT (with placeholders) at the stream's start and returns the writer.</summary>
    /// <param name="stream">A writable, seekable stream at position 0.</param>
    /// <param name="channels">The channels, in column order.</param>
    /// <param name="keywords">Further keywords to keep (for example <c>$CYT</c>); keywords the writer owns are skipped.</param>
    /// <param name="format">How values are stored (float32 by default).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task<FcsWriter> BeginAsync(Stream stream, IReadOnlyList<FcsWriterChannel> channels, IEnumerable<KeyValuePair<string, string>>? keywords = null, FcsWriteFormat format = FcsWriteFormat.Float32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(channels);
        if (!stream.CanSeek || !stream.CanWrite)
        {
            throw new ArgumentException("an FCS writer needs a writable, seekable stream", nameof(stream));
        }

        if (channels.Count == 0)
        {
            throw new ArgumentException("an FCS data set needs at least one channel", nameof(channels));
        }

        var given = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in keywords ?? [])
        {
            given[key.Trim()] = value;
        }

        var owned = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "$BEGINANALYSIS", "$ENDANALYSIS", "$BEGINDATA", "$ENDDATA", "$BEGINSTEXT", "$ENDSTEXT", "$BYTEORD", "$DATATYPE",
            "$MODE", "$NEXTDATA", "$PAR", "$TOT",
        };
        var text = new StringBuilder().Append(Delimiter);
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);

        void Add(string key, string value)
        {
            text.Append(Escape(key)).Append(Delimiter).Append(Escape(value.Length == 0 ? " " : value)).Append(Delimiter);
        }

        void Reserve(string key)
        {
            text.Append(Escape(key)).Append(Delimiter);
            positions[key] = TextStart + Encoding.UTF8.GetByteCount(text.ToString());
            text.Append('0', NumberWidth).Append(Delimiter);
        }

        Reserve("$BEGINDATA");
        Reserve("$ENDDATA");
        Reserve("$TOT");
        Add("$BEGINANALYSIS", "0");
        Add("$ENDANALYSIS", "0");
        Add("$BEGINSTEXT", "0");
        Add("$ENDSTEXT", "0");
        Add("$BYTEORD", "1,2,3,4");
        Add("$DATATYPE", format == FcsWriteFormat.Float32 ? "F" : "I");
        Add("$MODE", "L");
        Add("$NEXTDATA", "0");
        Add("$PAR", channels.Count.ToString(CultureInfo.InvariantCulture));
        for (var n = 1; n <= channels.Count; n++)
        {
            Add($"$P{n}N", channels[n - 1].Name);
            Add($"$P{n}B", format == FcsWriteFormat.Int16 ? "16" : "32");

            // Raw values of a log-amplified channel are channel numbers, which only $PnE and $PnR give a meaning.
            var amplification = LogAmplification(given, n, channels[n - 1].Name, format);
            Add($"$P{n}E", amplification ?? "0,0");
            if (format == FcsWriteFormat.Float32)
            {
                Reserve($"$P{n}R");
            }
            else
            {
                Add($"$P{n}R", amplification is not null && given.TryGetValue($"$P{n}R", out var range) ? range : format == FcsWriteFormat.Int16 ? "65536" : "4294967296");
            }

            if (channels[n - 1].Label is { Length: > 0 } label)
            {
                Add($"$P{n}S", label);
                owned.Add($"$P{n}S");
            }
        }

        foreach (var (key, value) in keywords ?? [])
        {
            // Layout keywords are the writer's; other channel keywords ($PnS, $PnG, $PnV, ...) are kept for channels
            // that exist.
            var k = key.Trim();
            if (!owned.Contains(k) && !FcsAnnotations.IsLayout(k) && (ChannelNumber(k) is not { } n || n <= channels.Count))
            {
                Add(k, value);
            }
        }

        var textBytes = Encoding.UTF8.GetBytes(text.ToString());
        var writer = new FcsWriter(stream, channels.Count, TextStart + textBytes.Length - 1, positions, format);
        stream.Position = 0;
        await stream.WriteAsync(writer.Header(0), cancellationToken);
        await stream.WriteAsync(textBytes, cancellationToken);
        return writer;
    }

    /// <summary>The source's <c>$PnE</c> when it says log amplification (f1 &gt; 0), else null; refused for float
    /// data, which FCS 3.1 cannot mark as log-encoded.</summary>
    private static string? LogAmplification(Dictionary<string, string> given, int n, string name, FcsWriteFormat format)
    {
        if (!given.TryGetValue($"$P{n}E", out var value))
        {
            return null;
        }

        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var decades) || decades <= 0)
        {
            return null;
        }

        return format == FcsWriteFormat.Float32
            ? throw new ArgumentException($"channel {n} ({name}) is log-amplified ($P{n}E {value}): its raw values are channel numbers, and float32 FCS data cannot say so; read with preprocess: true, or write integers (dataType int16 or int32)")
            : value.Trim();
    }

    private static int? ChannelNumber(string key)
    {
        if (key.Length < 3 || !key.StartsWith("$P", StringComparison.OrdinalIgnoreCase) || !char.IsAsciiDigit(key[2]))
        {
            return null;
        }

        var digits = key.AsSpan(2);
        var length = digits.IndexOfAnyExceptInRange('0', '9');
        return int.TryParse(length < 0 ? digits : digits[..length], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
    }

    /// <summary>
    /// Appends little-endian float32 values (rows of channels, which may be split across calls at value boundaries)
    /// from the caller's memory, without a copy.
    /// </summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> float32Values, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (float32Values.Length % sizeof(float) != 0)
        {
            throw new ArgumentException($"{float32Values.Length} bytes is not a whole number of float32 values", nameof(float32Values));
        }

        if (_format == FcsWriteFormat.Float32)
        {
            TrackMaxima(float32Values.Span);
            await _stream.WriteAsync(float32Values, cancellationToken);
        }
        else
        {
            await WriteIntegersAsync(float32Values, cancellationToken);
        }

        _valuesWritten += float32Values.Length / sizeof(float);
    }

    /// <summary>Appends little-endian float64 values, converted to float32 through a pooled buffer.</summary>
    public async ValueTask WriteFloat64Async(ReadOnlyMemory<byte> float64Values, CancellationToken cancellationToken = default)
    {
        if (float64Values.Length % sizeof(double) != 0)
        {
            throw new ArgumentException($"{float64Values.Length} bytes is not a whole number of float64 values", nameof(float64Values));
        }

        if (_format != FcsWriteFormat.Float32)
        {
            // Straight from float64 to the integers, so that 32-bit values above 2^24 stay exact.
            ObjectDisposedException.ThrowIf(_completed, this);
            var integers = ArrayPool<byte>.Shared.Rent(Batch * ValueBytes);
            try
            {
                for (var start = 0; start < float64Values.Length; start += Batch * sizeof(double))
                {
                    var part = float64Values.Span.Slice(start, Math.Min(Batch * sizeof(double), float64Values.Length - start));
                    var count = part.Length / sizeof(double);
                    for (var i = 0; i < count; i++)
                    {
                        StoreInteger(integers, i, BinaryPrimitives.ReadDoubleLittleEndian(part[(i * sizeof(double))..]));
                    }

                    await _stream.WriteAsync(integers.AsMemory(0, count * ValueBytes), cancellationToken);
                    _valuesWritten += count;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(integers);
            }

            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Batch * sizeof(float));
        try
        {
            for (var start = 0; start < float64Values.Length; start += Batch * sizeof(double))
            {
                var part = float64Values.Span.Slice(start, Math.Min(Batch * sizeof(double), float64Values.Length - start));
                var count = part.Length / sizeof(double);
                for (var i = 0; i < count; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * sizeof(float)), (float)BinaryPrimitives.ReadDoubleLittleEndian(part[(i * sizeof(double))..]));
                }

                await WriteAsync(buffer.AsMemory(0, count * sizeof(float)), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes the CRC field and patches the event count, DATA offsets and ranges. The stream stays open.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_valuesWritten % _channels != 0)
        {
            throw new InvalidOperationException($"{_valuesWritten} values were written, not a whole number of {_channels}-channel events");
        }

        _completed = true;
        var dataEnd = _dataStart + (_valuesWritten * ValueBytes) - 1;
        await _stream.WriteAsync("00000000"u8.ToArray(), cancellationToken);
        var end = _stream.Position;
        await PatchAsync("$BEGINDATA", _dataStart, cancellationToken);
        await PatchAsync("$ENDDATA", Math.Max(dataEnd, _dataStart - 1), cancellationToken);
        await PatchAsync("$TOT", EventCount, cancellationToken);
        for (var n = 1; n <= _channels && _format == FcsWriteFormat.Float32; n++)
        {
            // $PnR for float data: the smallest power of two above the largest value seen (at least 1).
            var max = Math.Max(_maxima[n - 1], 1f);
            await PatchAsync($"$P{n}R", (long)Math.Min(1L << 62, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Ceiling(max))), cancellationToken);
        }

        _stream.Position = 0;
        await _stream.WriteAsync(Header(dataEnd), cancellationToken);
        _stream.Position = end;
        await _stream.FlushAsync(cancellationToken);
    }

    private int ValueBytes => _format == FcsWriteFormat.Int16 ? 2 : 4;

    private async ValueTask WriteIntegersAsync(ReadOnlyMemory<byte> float32Values, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Batch * ValueBytes);
        try
        {
            for (var start = 0; start < float32Values.Length; start += Batch * sizeof(float))
            {
                var part = float32Values.Slice(start, Math.Min(Batch * sizeof(float), float32Values.Length - start));
                var count = part.Length / sizeof(float);
                for (var i = 0; i < count; i++)
                {
                    StoreInteger(buffer, i, BinaryPrimitives.ReadSingleLittleEndian(part.Span[(i * sizeof(float))..]));
                }

                await _stream.WriteAsync(buffer.AsMemory(0, count * ValueBytes), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Rounds and clamps <paramref name="value"/> into the integer format (NaN becomes 0).</summary>
    private void StoreInteger(byte[] buffer, int index, double value)
    {
        var max = _format == FcsWriteFormat.Int16 ? ushort.MaxValue : (double)uint.MaxValue;
        var clamped = double.IsNaN(value) ? 0 : Math.Clamp(Math.Round(value), 0, max);
        if (_format == FcsWriteFormat.Int16)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(index * 2), (ushort)clamped);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(index * 4), (uint)clamped);
        }
    }

    private static string Escape(string value) => value.Replace(Delimiter.ToString(), new string(Delimiter, 2), StringComparison.Ordinal);

    private static string Offset(long value) => value.ToString(CultureInfo.InvariantCulture).PadLeft(8);

    private byte[] Header(long dataEnd)
    {
        // No events, or offsets past 99,999,999: the HEADER says 0 and TEXT holds the offsets.
        var fits = dataEnd <= 99_999_999 && dataEnd >= _dataStart;
        var header = "FCS3.1    " + Offset(TextStart) + Offset(_textEnd)
            + (fits ? Offset(_dataStart) + Offset(Math.Max(dataEnd, _dataStart)) : Offset(0) + Offset(0))
            + Offset(0) + Offset(0);
        return Encoding.ASCII.GetBytes(header);
    }

    private async Task PatchAsync(string key, long value, CancellationToken cancellationToken)
    {
        _stream.Position = _fieldPositions[key];
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture).PadLeft(NumberWidth, '0')), cancellationToken);
    }

    private void TrackMaxima(ReadOnlySpan<byte> bytes)
    {
        var values = bytes.Length / sizeof(float);
        for (var i = 0; i < values; i++)
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            ref var max = ref _maxima[(int)((_valuesWritten + i) % _channels)];
            if (float.IsFinite(value) && value > max)
            {
                max = value;
            }
        }
    }
}
