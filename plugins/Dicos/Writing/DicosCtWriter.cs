using System.Buffers;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Dicos.Codecs;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Objects;

namespace Conduit.Plugins.Dicos.Writing;

/// <summary>
/// Builds one multi-frame DICOS CT from slices that arrive one at a time, without holding them, in one pass over the
/// pixels: room is left at the start of the output for the header (which lists every slice's position), each slice is
/// written behind it as it comes, and <see cref="Complete"/> writes the header into that room. The room fits exactly
/// when the frames say how many they are (<see cref="FrameSource.FrameCount"/>, as <c>dicos.read</c>'s do) and that
/// many arrive: header lengths depend only on the number of frames. Otherwise the pixels are moved once, within the
/// file, to fit the header.
/// Each slice is stored as 16-bit samples in a buffer rented from the pool and encoded when asked to. Native slices go
/// through one buffer rented once: after the first, appending them allocates no managed memory (tested). Frames are
/// independent, so compressed slices are encoded on up to one core each: up to <see cref="FrameParallelism.Degree"/>
/// slices are in flight, each in its own buffer (the first rented with backpressure, the others only if the pool has
/// them at once), and are written in order; an encoder's output is one array per slice.
/// Not thread-safe: one stage feeds it.
/// </summary>
public sealed class DicosCtWriter : IDisposable
{
    private readonly IBufferPool _pool;
    private readonly Stream _output;
    private readonly DateTime _now;
    private readonly long _start;
    private readonly DicosEncoding _encoding;
    private readonly StoredSamples _samples;
    private readonly string _rescaleType;
    private readonly DicosObjectUids _uids = DicosObjectUids.Create();
    private readonly List<(double X, double Y, double Z)> _positions = new(1024);
    private readonly List<long> _fragmentLengths = new(1024);
    private readonly Queue<(Task<byte[]> Encoding, IBufferLease Stored)> _inFlight = new();
    private IBufferLease? _stored;
    private FrameLayout _first;
    private long _pixelsStart;

    /// <summary>A writer of one CT to <paramref name="output"/>, from where it stands.</summary>
    /// <param name="pool">Where the 16-bit conversion buffers (one slice each) come from.</param>
    /// <param name="output">Where the CT goes: seekable and readable (a file), since the header is written last.</param>
    /// <param name="encoding">How pixel data is stored.</param>
    /// <param name="samples">The rescale for float slices.</param>
    /// <param name="now">The content date and time written into the header.</param>
    /// <param name="rescaleType">What rescaled values mean (MU, HU...).</param>
    public DicosCtWriter(IBufferPool pool, Stream output, DicosEncoding encoding, StoredSamples samples, DateTime now, string rescaleType = "MU")
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanSeek || !output.CanRead || !output.CanWrite)
        {
            throw new ArgumentException("a CT is written to a stream that can seek, read and write (a file): its header comes last", nameof(output));
        }

        _pool = pool;
        _output = output;
        _start = output.Position;
        _encoding = encoding;
        _samples = samples;
        _now = now;
        _rescaleType = rescaleType;
    }

    /// <summary>How many bytes of slices <see cref="Complete"/> had to move to fit the header (0 when their number was
    /// announced and held).</summary>
    internal long MovedBytes { get; private set; }

    /// <summary>Stores one slice; the first rents the conversion buffer and decides how much room the header gets.</summary>
    /// <exception cref="InvalidDataException">The slice differs in size or type from the first, or a value cannot be
    /// stored (the message names frame and pixel).</exception>
    public async ValueTask AppendAsync(ImageFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var layout = frame.Layout;
        if (_positions.Count == 0 && _inFlight.Count == 0)
        {
            if (layout.Width > ushort.MaxValue || layout.Height > ushort.MaxValue)
            {
                throw new InvalidDataException($"frame {frame.Index} is {layout.Width} × {layout.Height}; DICOM rows and columns stop at 65535");
            }

            _first = layout;
            // A count no CT has (more than 65536 slices) is not taken at its word: room for it would be a header of
            // megabytes built up front.
            var announced = frame.Source?.FrameCount is > 0 and <= 65536 and var count ? (int)count : 0;
            _pixelsStart = _start + Prefix(announced).Length;
            _output.Position = _pixelsStart;
            if (_encoding == DicosEncoding.Native || FrameParallelism.Degree == 1)
            {
                _stored = await _pool.RentAsync(layout.PixelCount * sizeof(ushort), cancellationToken);
            }
        }

        if (_stored is not null)
        {
            Append(frame.Pixels.Span, layout, frame.Index);
            return;
        }

        CheckLikeFirst(layout, frame.Index);
        var bytes = layout.PixelCount * sizeof(ushort);
        IBufferLease? stored = null;
        if (_inFlight.Count > 0 && !_pool.TryRent(bytes, out stored))
        {
            // The budget is short: hold nothing while waiting for it, as a writer of one slice at a time would.
            while (_inFlight.Count > 0)
            {
                WriteOldest();
            }
        }

        stored ??= await _pool.RentAsync(bytes, cancellationToken);
        var pixelCount = (int)layout.PixelCount;
        try
        {
            _samples.Store(frame.Pixels.Span, layout.PixelType, pixelCount, frame.Index, MemoryMarshal.Cast<byte, ushort>(stored.Span)[..pixelCount]);
        }
        catch
        {
            stored.Dispose();
            throw;
        }

        var (encoding, width, height) = (_encoding, layout.Width, layout.Height);
        _inFlight.Enqueue((Task.Run(() => encoding.EncodeFrame(stored.Span[..(pixelCount * sizeof(ushort))], width, height), cancellationToken), stored));
        _positions.Add(layout.Geometry.Origin);
        while (_inFlight.Count >= FrameParallelism.Degree)
        {
            WriteOldest();
        }
    }

    /// <summary>Writes the header in front of the slices, ending one Part 10 file; the stream is left at its end.</summary>
    /// <exception cref="InvalidOperationException">No slice was appended.</exception>
    public void Complete()
    {
        if (_positions.Count == 0)
        {
            throw new InvalidOperationException("no frames arrived, so there is no CT to write");
        }

        while (_inFlight.Count > 0)
        {
            WriteOldest();
        }

        var pixelsEnd = _output.Position;
        var prefix = Prefix(_positions.Count);
        var pixelsAt = _start + prefix.Length;
        if (pixelsAt != _pixelsStart)
        {
            MoveWithin(_pixelsStart, pixelsEnd, pixelsAt);
            MovedBytes = pixelsEnd - _pixelsStart;
            pixelsEnd += pixelsAt - _pixelsStart;
        }

        _output.Position = _start;
        _output.Write(prefix);
        _output.Position = pixelsEnd;
        if (_encoding != DicosEncoding.Native)
        {
            DicomWriter.WriteSequenceDelimiter(_output);
        }

        _output.SetLength(_output.Position);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // An encoder may still read its buffer: wait for it. Its failure does not matter here: the CT is not written.
        while (_inFlight.TryDequeue(out var pending))
        {
            try
            {
                pending.Encoding.Wait();
            }
            catch (AggregateException)
            {
            }

            pending.Stored.Dispose();
        }

        _stored?.Dispose();
    }

    /// <summary>Stores one slice into the rented buffer and writes it: no allocation for native pixels.</summary>
    internal void Append(ReadOnlySpan<byte> pixels, FrameLayout layout, long index)
    {
        if (_stored is null)
        {
            throw new InvalidOperationException("the first slice goes through AppendAsync, which rents the conversion buffer");
        }

        CheckLikeFirst(layout, index);
        var count = (int)layout.PixelCount;
        if (_encoding == DicosEncoding.Native && layout.PixelType is PixelType.UInt16 or PixelType.Int16)
        {
            // 16-bit samples are stored as they are: straight from the frame to the file.
            _output.Write(pixels[..(count * sizeof(ushort))]);
            _positions.Add(layout.Geometry.Origin);
            return;
        }

        var stored = MemoryMarshal.Cast<byte, ushort>(_stored.Span)[..count];
        _samples.Store(pixels, layout.PixelType, count, index, stored);
        var bytes = MemoryMarshal.AsBytes(stored);
        if (_encoding == DicosEncoding.Native)
        {
            _output.Write(bytes);
        }
        else
        {
            WriteFragment(_encoding.EncodeFrame(bytes, layout.Width, layout.Height));
        }

        _positions.Add(layout.Geometry.Origin);
    }

    /// <summary>Everything in front of the first slice for <paramref name="frames"/> frames: the file meta and data set
    /// with the positions known so far (their values do not change its length), the pixel data element's header and,
    /// when encapsulated, the basic offset table.</summary>
    private byte[] Prefix(int frames)
    {
        var g = _first.Geometry;
        var rescaled = StoredSamples.Rescales(_first.PixelType);
        var header = new DicosCtHeader
        {
            Rows = _first.Height,
            Columns = _first.Width,
            PixelSpacing = (g.SpacingY, g.SpacingX),
            SliceThickness = g.SpacingZ,
            Orientation = (g.RowDirection.X, g.RowDirection.Y, g.RowDirection.Z, g.ColumnDirection.X, g.ColumnDirection.Y, g.ColumnDirection.Z),
            Positions = frames == _positions.Count ? _positions : [.. Enumerable.Repeat(g.Origin, frames)],
            Signed = StoredSamples.Signed(_first.PixelType),
            RescaleSlope = rescaled ? _samples.Slope : 1,
            RescaleIntercept = rescaled ? _samples.Intercept : 0,
            RescaleType = _rescaleType,
            Uids = _uids,
        };
        using var prefix = new MemoryStream();
        DicomWriter.Write(prefix, header.Build(_now), _encoding.TransferSyntax());
        if (_encoding == DicosEncoding.Native)
        {
            DicomWriter.WriteNativePixelHeader(prefix, (long)frames * _first.PixelCount * sizeof(ushort));
        }
        else
        {
            DicomWriter.WriteEncapsulatedPixelHeader(prefix, frames == _fragmentLengths.Count ? _fragmentLengths : new long[frames]);
        }

        return prefix.ToArray();
    }

    /// <summary>Waits for the oldest slice in flight, writes its encoding and returns its buffer.</summary>
    private void WriteOldest()
    {
        var (encoding, stored) = _inFlight.Peek();
        byte[] encoded;
        try
        {
            encoded = encoding.GetAwaiter().GetResult();
        }
        finally
        {
            _inFlight.Dequeue();
            stored.Dispose();
        }

        WriteFragment(encoded);
    }

    private void WriteFragment(byte[] encoded)
    {
        DicomWriter.WriteFragment(_output, encoded);
        _fragmentLengths.Add(encoded.Length);
    }

    /// <summary>Moves bytes <paramref name="from"/> to <paramref name="end"/> of the output so that they start at
    /// <paramref name="to"/>, as memmove does: from the back when moving forward, so nothing is overwritten unread.</summary>
    private void MoveWithin(long from, long end, long to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var length = end - from;
            for (long done = 0; done < length;)
            {
                var chunk = (int)Math.Min(buffer.Length, length - done);
                var offset = to > from ? length - done - chunk : done;
                _output.Position = from + offset;
                _output.ReadExactly(buffer, 0, chunk);
                _output.Position = to + offset;
                _output.Write(buffer, 0, chunk);
                done += chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CheckLikeFirst(FrameLayout layout, long index)
    {
        if (layout.Width != _first.Width || layout.Height != _first.Height || layout.PixelType != _first.PixelType)
        {
            throw new InvalidDataException($"frame {index} is {layout.Width} × {layout.Height} {layout.PixelType}; the CT began with {_first.Width} × {_first.Height} {_first.PixelType}");
        }
    }
}
