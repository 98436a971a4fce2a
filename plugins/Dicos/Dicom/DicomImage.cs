using System.Buffers.Binary;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Conduit.Plugins.Dicos.Codecs;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>
/// The image of a data set: its pixel module (rows, columns, samples, bits, representation, frames) and its frames,
/// decoded to native little-endian samples whatever the transfer syntax (uncompressed, also big-endian; JPEG Lossless,
/// RLE, deflated frames). Float and Double Float Pixel Data (7FE0,0008/0009) are read as 32- and 64-bit IEEE samples,
/// uncompressed as the standard has them.
/// </summary>
public sealed class DicomImage
{
    private readonly DicomFile _file;
    private readonly DicomDataSet? _shared;
    private readonly IReadOnlyList<DicomDataSet> _perFrame;
    private readonly ReadOnlyMemory<byte> _stored;
    private IReadOnlyList<ReadOnlyMemory<byte>>? _compressedFrames;

    /// <summary>Reads the pixel module of <paramref name="file"/>.</summary>
    /// <exception cref="DicomDataException">The data set has no pixel data or an impossible pixel module.</exception>
    public DicomImage(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        var d = file.DataSet;
        DicomElement pixels;
        if (d.TryGet(DicomTag.PixelData, out var integers))
        {
            pixels = integers;
        }
        else if (d.TryGet(DicomTag.FloatPixelData, out var floats))
        {
            (pixels, FloatBytes) = (floats, 4);
        }
        else if (d.TryGet(DicomTag.DoubleFloatPixelData, out var doubles))
        {
            (pixels, FloatBytes) = (doubles, 8);
        }
        else
        {
            throw new DicomDataException(file.Path, "the data set has no Pixel Data (7FE0,0010), Float Pixel Data (7FE0,0008) or Double Float Pixel Data (7FE0,0009)", 0);
        }

        PixelData = pixels;
        // Multi-frame images keep rescale and geometry in the functional groups, single frames at the top level.
        _shared = First(d.GetItems(new DicomTag(0x5200, 0x9229)));
        _perFrame = d.GetItems(new DicomTag(0x5200, 0x9230));
        Rows = (int)(d.GetInteger(DicomKeywords.Rows) ?? 0);
        Columns = (int)(d.GetInteger(DicomKeywords.Columns) ?? 0);
        SamplesPerPixel = (int)(d.GetInteger(DicomKeywords.SamplesPerPixel) ?? 1);
        BitsAllocated = (int)(d.GetInteger(DicomKeywords.BitsAllocated) ?? FloatBytes * 8);
        BitsStored = (int)(d.GetInteger(DicomKeywords.BitsStored) ?? BitsAllocated);
        PixelRepresentation = (int)(d.GetInteger(DicomKeywords.PixelRepresentation) ?? 0);
        Frames = (int)(d.GetInteger(DicomKeywords.NumberOfFrames) ?? 1);
        Photometric = d.GetString(DicomKeywords.PhotometricInterpretation) ?? string.Empty;
        if (Rows <= 0 || Columns <= 0 || SamplesPerPixel is < 1 or > 4 || BitsAllocated is not (1 or 8 or 16 or 32) || BitsStored < 1 || BitsStored > BitsAllocated || Frames < 1)
        {
            if (!(IsFloat && BitsAllocated == 64 && Rows > 0 && Columns > 0 && SamplesPerPixel is >= 1 and <= 4 && Frames >= 1))
            {
                throw new DicomDataException(file.Path, $"an impossible pixel module: {Rows} × {Columns}, {SamplesPerPixel} samples, {BitsAllocated} bits allocated, {BitsStored} stored, {Frames} frames", pixels.Offset);
            }
        }

        if (IsFloat && BitsAllocated != FloatBytes * 8)
        {
            throw new DicomDataException(file.Path, $"{pixels.Tag} holds {FloatBytes * 8}-bit floats, but Bits Allocated is {BitsAllocated}", pixels.Offset);
        }

        // Big-endian pixel data (retired syntax) is turned little-endian here, where Bits Allocated gives its unit: a
        // word of OW, or a whole sample when samples are wider.
        _stored = file.TransferSyntax.Uid == DicomTransferSyntax.ExplicitBigUid && pixels.Tag == DicomTag.PixelData
            ? DicomReader.Swapped(pixels.Value, pixels.Vr == DicomVr.OW ? Math.Max(2, BitsAllocated / 8) : BitsAllocated / 8)
            : pixels.Value;
        if (IsNative && pixels.Value.Length < StoredBytes)
        {
            throw new DicomDataException(file.Path, $"{pixels.Tag} holds {pixels.Value.Length} bytes; {Frames} frames of {Rows} × {Columns} × {SamplesPerPixel} samples of {BitsAllocated} bits need {StoredBytes}", pixels.Offset);
        }
    }

    /// <summary>The pixel data element: Pixel Data, or Float or Double Float Pixel Data.</summary>
    public DicomElement PixelData { get; }

    /// <summary>The data set the image is part of.</summary>
    public DicomDataSet DataSet => _file.DataSet;

    /// <summary>True when the samples are IEEE floats (Float or Double Float Pixel Data).</summary>
    public bool IsFloat => FloatBytes > 0;

    /// <summary>4 for Float Pixel Data, 8 for Double Float Pixel Data, 0 for integer Pixel Data.</summary>
    public int FloatBytes { get; }

    /// <summary>Rows.</summary>
    public int Rows { get; }

    /// <summary>Columns.</summary>
    public int Columns { get; }

    /// <summary>Samples per pixel.</summary>
    public int SamplesPerPixel { get; }

    /// <summary>Bits allocated per sample.</summary>
    public int BitsAllocated { get; }

    /// <summary>Bits stored per sample.</summary>
    public int BitsStored { get; }

    /// <summary>0 unsigned, 1 two's complement.</summary>
    public int PixelRepresentation { get; }

    /// <summary>Number of frames.</summary>
    public int Frames { get; }

    /// <summary>Photometric Interpretation.</summary>
    public string Photometric { get; }

    /// <summary>Bytes of one decoded frame: bit-packed for 1 bit allocated, two samples a pixel for YBR_FULL_422.</summary>
    public long FrameBytes => BitsAllocated == 1
        ? (((long)Rows * Columns * SamplesPerPixel) + 7) / 8
        : (long)Rows * Columns * (Photometric == "YBR_FULL_422" && !_file.TransferSyntax.Encapsulated ? 2 : SamplesPerPixel) * (BitsAllocated / 8);

    // Uncompressed 1-bit frames follow each other bit after bit (PS3.5 8.1.1), not from whole bytes.
    private long StoredBytes => BitsAllocated == 1 ? (((long)Rows * Columns * SamplesPerPixel * Frames) + 7) / 8 : FrameBytes * Frames;

    // Whether native frame f starts on a byte boundary, so it can be handed out in place.
    private bool ByteAligned(int index) => BitsAllocated != 1 || (long)Rows * Columns * SamplesPerPixel * index % 8 == 0;

    /// <summary>Value = stored × slope + intercept, from the data set or its shared functional groups (1 and 0 when
    /// absent).</summary>
    public (double Slope, double Intercept) Rescale => (
        Attribute(0x9145, new DicomTag(0x0028, 0x1053))?[0] ?? 1,
        Attribute(0x9145, new DicomTag(0x0028, 0x1052))?[0] ?? 0);

    /// <summary>Distance between rows and between columns in millimetres (1 when absent).</summary>
    public (double Row, double Column) PixelSpacing =>
        Attribute(0x9110, new DicomTag(0x0028, 0x0030)) is [var row, var column] && row > 0 && column > 0 ? (row, column) : (1, 1);

    /// <summary>Slice thickness in millimetres (1 when absent).</summary>
    public double SliceThickness => Attribute(0x9110, new DicomTag(0x0018, 0x0050))?[0] ?? 1;

    /// <summary>Row and column direction cosines (axis-aligned when absent).</summary>
    public double[] Orientation => Attribute(0x9116, new DicomTag(0x0020, 0x0037)) is { Length: 6 } o ? o : [1, 0, 0, 0, 1, 0];

    /// <summary>The position of frame <paramref name="index"/>'s first pixel: its plane position, the data set's, or
    /// the frame number times the slice thickness.</summary>
    public (double X, double Y, double Z) Position(int index)
    {
        var tag = new DicomTag(0x0020, 0x0032);
        var p = (index < _perFrame.Count ? Numbers(First(_perFrame[index].GetItems(new DicomTag(0x0020, 0x9113))), tag) : null) ?? Numbers(_file.DataSet, tag);
        return p is [var x, var y, var z] ? (x, y, z) : (0, 0, index * SliceThickness);
    }

    /// <summary>True when the frames are stored uncompressed, so <see cref="NativeFrame"/> can hand them out in place.
    /// Float pixel data is never encapsulated.</summary>
    public bool IsNative => IsFloat || !_file.TransferSyntax.Encapsulated;

    /// <summary>Frame <paramref name="index"/>'s stored bytes where the file holds them (no copy; for a mapped file,
    /// a view of the page cache).</summary>
    /// <exception cref="InvalidOperationException">The pixel data is encapsulated, or the frame is 1-bit and starts
    /// inside a byte; use <see cref="ReadFrame"/>.</exception>
    public ReadOnlySpan<byte> NativeFrame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Frames);
        if (!IsNative)
        {
            throw new InvalidOperationException($"{_file.Path}: the pixel data is encapsulated ({_file.TransferSyntax.Name}); decode it with ReadFrame");
        }

        if (!ByteAligned(index))
        {
            throw new InvalidOperationException($"{_file.Path}: 1-bit frame {index} starts inside a byte; read it with ReadFrame");
        }

        var bytes = (int)FrameBytes;
        var start = BitsAllocated == 1 ? (long)Rows * Columns * SamplesPerPixel * index / 8 : (long)index * bytes;
        return _stored.Span.Slice((int)start, bytes);
    }

    /// <summary>Writes value = stored × <paramref name="slope"/> + <paramref name="intercept"/> for every sample of a
    /// decoded frame (8 or 16 bits, signed when Pixel Representation is 1) into <paramref name="target"/>.</summary>
    public void Rescaled(ReadOnlySpan<byte> frame, double slope, double intercept, Span<float> target)
    {
        var n = Rows * Columns * SamplesPerPixel;
        target = target[..n];
        if (FloatBytes == 4)
        {
            MemoryMarshal.Cast<byte, float>(frame)[..n].CopyTo(target);
        }
        else if (FloatBytes == 8)
        {
            TensorPrimitives.ConvertTruncating<double, float>(MemoryMarshal.Cast<byte, double>(frame)[..n], target);
        }
        else if (BitsAllocated == 8)
        {
            TensorPrimitives.ConvertTruncating<byte, float>(frame[..n], target);
        }
        else if (BitsAllocated == 16 && PixelRepresentation == 1)
        {
            TensorPrimitives.ConvertTruncating<short, float>(MemoryMarshal.Cast<byte, short>(frame)[..n], target);
        }
        else if (BitsAllocated == 16)
        {
            TensorPrimitives.ConvertTruncating<ushort, float>(MemoryMarshal.Cast<byte, ushort>(frame)[..n], target);
        }
        else
        {
            throw new InvalidOperationException($"{BitsAllocated} bits allocated: only 8- and 16-bit frames are rescaled");
        }

        if (slope != 1 || intercept != 0)
        {
            TensorPrimitives.Multiply(target, (float)slope, target);
            TensorPrimitives.Add(target, (float)intercept, target);
        }
    }

    /// <summary>True when this codec can decode the frames (uncompressed, JPEG Lossless, RLE Lossless, deflated frames).</summary>
    public bool CanDecode => IsFloat || _file.TransferSyntax.PixelsSupported;

    /// <summary>Why frame <paramref name="index"/> cannot be decoded, or null when it can: a transfer syntax this
    /// plugin has no codec for, or a JPEG Lossless syntax whose frame holds another JPEG process (some writers put
    /// baseline JPEG under 1.2.840.10008.1.2.4.70).</summary>
    /// <exception cref="DicomDataException">The fragments cannot be split into frames.</exception>
    public string? DecodeProblem(int index)
    {
        var syntax = _file.TransferSyntax;
        if (!CanDecode)
        {
            return $"{syntax.Name} is not a codec of this plugin";
        }

        if (IsNative || syntax == DicomTransferSyntax.RleLossless || syntax == DicomTransferSyntax.DeflatedImageFrame || PixelData.Fragments is not { } fragments)
        {
            return null;
        }

        try
        {
            _compressedFrames ??= fragments.Frames(Frames);
        }
        catch (DicomDataException e) when (e.FilePath is null)
        {
            throw new DicomDataException(_file.Path, $"{DicomTag.PixelData}: {e.Message}", PixelData.Offset);
        }

        var marker = JpegLosslessDecoder.FrameMarker(_compressedFrames[index].Span);
        return marker is null or 0xC3
            ? null
            : $"frame {index + 1} is JPEG of another process (frame marker FF{marker:X2}), not the lossless process 14 that {syntax.Name} names";
    }

    /// <summary>Decodes frame <paramref name="index"/> into <paramref name="destination"/> (<see cref="FrameBytes"/> bytes).</summary>
    public void ReadFrame(int index, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Frames);
        var bytes = (int)FrameBytes;
        var syntax = _file.TransferSyntax;
        if (IsNative && ByteAligned(index))
        {
            NativeFrame(index).CopyTo(destination);
            return;
        }

        if (IsNative)
        {
            CopyBits(_stored.Span, (long)Rows * Columns * SamplesPerPixel * index, destination[..bytes]);
            return;
        }

        if (PixelData.Fragments is not { } fragments)
        {
            throw new DicomDataException(_file.Path, $"transfer syntax {syntax.Name} but the pixel data is not encapsulated", PixelData.Offset);
        }

        if (!syntax.PixelsSupported)
        {
            throw new DicomDataException(_file.Path, $"pixel data in {syntax.Name} cannot be decoded (JPEG Lossless, RLE Lossless and deflated frames can)", PixelData.Offset);
        }

        try
        {
            // Split once: finding one frame among the fragments costs as much as finding all of them.
            _compressedFrames ??= fragments.Frames(Frames);
            var frame = _compressedFrames[index].Span;
            if (syntax == DicomTransferSyntax.DeflatedImageFrame)
            {
                DeflatedFrameDecoder.Decode(_compressedFrames[index], destination[..bytes]);
                return;
            }

            if (syntax == DicomTransferSyntax.RleLossless && BitsAllocated == 1)
            {
                // A 1-bit frame is one segment of its packed bytes (PS3.5 G.2).
                RleDecoder.Decode(frame, destination, bytes, 1, 1);
                return;
            }

            if (syntax == DicomTransferSyntax.RleLossless)
            {
                RleDecoder.Decode(frame, destination, Rows * Columns, SamplesPerPixel, BitsAllocated / 8);
                return;
            }

            var info = JpegLosslessDecoder.ReadInfo(frame);
            if (info.Width != Columns || info.Height != Rows || info.Components != SamplesPerPixel || info.Precision > BitsAllocated)
            {
                throw new DicomDataException($"the JPEG frame is {info.Width} × {info.Height} × {info.Components} at {info.Precision} bits; the data set says {Columns} × {Rows} × {SamplesPerPixel} at {BitsAllocated}");
            }

            JpegLosslessDecoder.Decode(frame, destination, BitsAllocated / 8);
        }
        catch (DicomDataException e) when (e.FilePath is null)
        {
            throw new DicomDataException(_file.Path, $"{DicomTag.PixelData} frame {index}: {e.Message}", PixelData.Offset);
        }
    }

    /// <summary>The sum of frame <paramref name="index"/>'s float or double samples, in double precision.</summary>
    /// <exception cref="InvalidOperationException">The pixels are integers; use <see cref="StoredSum"/>.</exception>
    public double FloatSum(int index)
    {
        if (!IsFloat)
        {
            throw new InvalidOperationException($"{_file.Path}: the pixels are integers; use StoredSum");
        }

        var frame = NativeFrame(index);
        double sum = 0;
        if (FloatBytes == 4)
        {
            foreach (var value in MemoryMarshal.Cast<byte, float>(frame))
            {
                sum += value;
            }
        }
        else
        {
            foreach (var value in MemoryMarshal.Cast<byte, double>(frame))
            {
                sum += value;
            }
        }

        return sum;
    }

    /// <summary>The sum of frame <paramref name="index"/>'s stored values (masked to Bits Stored, signed when Pixel
    /// Representation is 1).</summary>
    public long StoredSum(int index)
    {
        var frame = new byte[FrameBytes];
        ReadFrame(index, frame);
        if (BitsAllocated == 1)
        {
            return frame.Sum(b => (long)System.Numerics.BitOperations.PopCount(b));
        }

        var mask = BitsStored >= 64 ? ulong.MaxValue : (1UL << BitsStored) - 1;
        var sign = 1UL << (BitsStored - 1);
        long sum = 0;
        var step = BitsAllocated / 8;
        for (var i = 0; i < frame.Length; i += step)
        {
            ulong raw = step switch
            {
                1 => frame[i],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(i)),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(i)),
            };
            var stored = raw & mask;
            sum += PixelRepresentation == 1 && (stored & sign) != 0 ? (long)stored - (long)(mask + 1) : (long)stored;
        }

        return sum;
    }

    // Copies destination.Length bytes' worth of bits starting at bit `firstBit` of source (bit 0 is a byte's least
    // significant), zeroing the bits of the last byte past the frame's end.
    private void CopyBits(ReadOnlySpan<byte> source, long firstBit, Span<byte> destination)
    {
        var shift = (int)(firstBit % 8);
        var start = (int)(firstBit / 8);
        for (var i = 0; i < destination.Length; i++)
        {
            var low = source[start + i] >> shift;
            var high = shift > 0 && start + i + 1 < source.Length ? source[start + i + 1] << (8 - shift) : 0;
            destination[i] = (byte)(low | high);
        }

        var tail = (int)((long)Rows * Columns * SamplesPerPixel % 8);
        if (tail > 0)
        {
            destination[^1] &= (byte)((1 << tail) - 1);
        }
    }

    private static DicomDataSet? First(IReadOnlyList<DicomDataSet>? items) => items is { Count: > 0 } ? items[0] : null;

    // A DS value's numbers, or null when absent or not numbers.
    private static double[]? Numbers(DicomDataSet? source, DicomTag tag)
    {
        var text = source?.GetString(tag);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = text.Split('\\');
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return values;
    }

    // An attribute at the top level, or in the first item of functional group sequence (group, sequence) of the
    // shared functional groups: (0028,9145) transformation, (0028,9110) measures, (0020,9116) orientation.
    private double[]? Attribute(ushort sequence, DicomTag tag)
    {
        var group = sequence == 0x9116 ? (ushort)0x0020 : (ushort)0x0028;
        return Numbers(_file.DataSet, tag) ?? Numbers(First(_shared?.GetItems(new DicomTag(group, sequence))), tag);
    }
}
