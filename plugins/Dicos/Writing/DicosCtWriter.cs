using System.Runtime.InteropServices;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Dicos.Codecs;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Objects;

namespace Conduit.Plugins.Dicos.Writing;

/// <summary>
/// Builds one multi-frame DICOS CT from slices that arrive one at a time, without holding them: each slice is stored
/// as 16-bit samples in a buffer rented from the pool, encoded when asked to, and spooled to a temporary file;
/// <see cref="WriteTo"/> then writes the header, which needs every slice's position, and copies the spool behind it.
/// Native slices go through one buffer rented once: after the first, appending them allocates no managed memory
/// (tested). Frames are independent, so compressed slices are encoded on up to one core each: up to
/// <see cref="FrameParallelism.Degree"/> slices are in flight, each in its own buffer (the first rented with
/// backpressure, the others only if the pool has them at once), and are spooled in order; an encoder's output is one
/// array per slice.
/// Not thread-safe: one stage feeds it.
/// </summary>
public sealed class DicosCtWriter : IDisposable
{
    private readonly IBufferPool _pool;
    private readonly DicosEncoding _encoding;
    private readonly StoredSamples _samples;
    private readonly string _rescaleType;
    private readonly FileStream _spool;
    private readonly List<(double X, double Y, double Z)> _positions = new(1024);
    private readonly List<long> _fragmentLengths = new(1024);
    private readonly Queue<(Task<byte[]> Encoding, IBufferLease Stored)> _inFlight = new();
    private IBufferLease? _stored;
    private FrameLayout _first;

    /// <summary>A writer renting its one conversion buffer from <paramref name="pool"/>.</summary>
    /// <param name="pool">Where the 16-bit conversion buffer (one slice) comes from.</param>
    /// <param name="encoding">How pixel data is stored.</param>
    /// <param name="samples">The rescale for float slices.</param>
    /// <param name="rescaleType">What rescaled values mean (MU, HU...).</param>
    public DicosCtWriter(IBufferPool pool, DicosEncoding encoding, StoredSamples samples, string rescaleType = "MU")
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pool = pool;
        _encoding = encoding;
        _samples = samples;
        _rescaleType = rescaleType;
        // Unbuffered: whole frames are written, and a buffer would only copy them once more.
        _spool = new FileStream(System.IO.Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
    }

    /// <summary>Stores one slice; the first rents the conversion buffer.</summary>
    /// <exception cref="InvalidDataException">The slice differs in size or type from the first, or a value cannot be
    /// stored (the message names frame and pixel).</exception>
    public async ValueTask AppendAsync(ImageFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var layout = frame.Layout;
        if (_stored is null)
        {
            if (layout.Width > ushort.MaxValue || layout.Height > ushort.MaxValue)
            {
                throw new InvalidDataException($"frame {frame.Index} is {layout.Width} × {layout.Height}; DICOM rows and columns stop at 65535");
            }

            _first = layout;
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
                SpoolOldest();
            }
        }

        stored ??= await _pool.RentAsync(bytes, cancellationToken);
        var count = (int)layout.PixelCount;
        try
        {
            _samples.Store(frame.Pixels.Span, layout.PixelType, count, frame.Index, MemoryMarshal.Cast<byte, ushort>(stored.Span)[..count]);
        }
        catch
        {
            stored.Dispose();
            throw;
        }

        var (encoding, width, height) = (_encoding, layout.Width, layout.Height);
        _inFlight.Enqueue((Task.Run(() => encoding.EncodeFrame(stored.Span[..(count * sizeof(ushort))], width, height), cancellationToken), stored));
        _positions.Add(layout.Geometry.Origin);
        while (_inFlight.Count >= FrameParallelism.Degree)
        {
            SpoolOldest();
        }
    }

    /// <summary>The header and the spooled pixels, as one Part 10 file.</summary>
    /// <exception cref="InvalidOperationException">No slice was appended.</exception>
    public void WriteTo(Stream output, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_positions.Count == 0)
        {
            throw new InvalidOperationException("no frames arrived, so there is no CT to write");
        }

        while (_inFlight.Count > 0)
        {
            SpoolOldest();
        }

        var g = _first.Geometry;
        var rescaled = StoredSamples.Rescales(_first.PixelType);
        var header = new DicosCtHeader
        {
            Rows = _first.Height,
            Columns = _first.Width,
            PixelSpacing = (g.SpacingY, g.SpacingX),
            SliceThickness = g.SpacingZ,
            Orientation = (g.RowDirection.X, g.RowDirection.Y, g.RowDirection.Z, g.ColumnDirection.X, g.ColumnDirection.Y, g.ColumnDirection.Z),
            Positions = _positions,
            Signed = StoredSamples.Signed(_first.PixelType),
            RescaleSlope = rescaled ? _samples.Slope : 1,
            RescaleIntercept = rescaled ? _samples.Intercept : 0,
            RescaleType = _rescaleType,
        };
        _spool.Flush();
        _spool.Position = 0;
        var syntax = _encoding.TransferSyntax();
        DicomWriter.Write(output, header.Build(now), syntax);
        if (_encoding == DicosEncoding.Native)
        {
            DicomWriter.WriteNativePixelHeader(output, _spool.Length);
            _spool.CopyTo(output, 1 << 20);
        }
        else
        {
            DicomWriter.WriteEncapsulatedPixels(output, _spool, _fragmentLengths);
        }
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
        _spool.Dispose();
    }

    /// <summary>Waits for the oldest slice in flight, spools its encoding and returns its buffer.</summary>
    private void SpoolOldest()
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

        _spool.Write(encoded);
        _fragmentLengths.Add(encoded.Length);
    }

    private void CheckLikeFirst(FrameLayout layout, long index)
    {
        if (layout.Width != _first.Width || layout.Height != _first.Height || layout.PixelType != _first.PixelType)
        {
            throw new InvalidDataException($"frame {index} is {layout.Width} × {layout.Height} {layout.PixelType}; the CT began with {_first.Width} × {_first.Height} {_first.PixelType}");
        }
    }

    /// <summary>Stores one slice into the rented buffer and spools it: no allocation for native pixels.</summary>
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
            // 16-bit samples are stored as they are: straight from the frame to the spool.
            _spool.Write(pixels[..(count * sizeof(ushort))]);
            _positions.Add(layout.Geometry.Origin);
            return;
        }

        var stored = MemoryMarshal.Cast<byte, ushort>(_stored.Span)[..count];
        _samples.Store(pixels, layout.PixelType, count, index, stored);
        var bytes = MemoryMarshal.AsBytes(stored);
        if (_encoding == DicosEncoding.Native)
        {
            _spool.Write(bytes);
        }
        else
        {
            var encoded = _encoding.EncodeFrame(bytes, layout.Width, layout.Height);
            _spool.Write(encoded);
            _fragmentLengths.Add(encoded.Length);
        }

        _positions.Add(layout.Geometry.Origin);
    }
}
