using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>
/// Decodes lossless JPEG (ITU-T T.81 process 14, annex H): SOF3 frames of 2 to 16 bits with one or more components
/// (sampling 1 × 1), Huffman tables, any of the seven predictors, a point transform and restart intervals. Samples come
/// out interleaved, one 16-bit little-endian value each (or one byte each for 8 bits or fewer when asked). A damaged
/// stream ends in an <see cref="DicomDataException"/> saying what and where; the decoder never reads past the data it
/// was given and never allocates more than the frame the header declares, which the caller bounds.
/// </summary>
public static class JpegLosslessDecoder
{
    /// <summary>What the frame header says.</summary>
    public readonly record struct FrameInfo(int Precision, int Width, int Height, int Components);

    /// <summary>Reads the frame header (SOF3) without decoding.</summary>
    public static FrameInfo ReadInfo(ReadOnlySpan<byte> jpeg)
    {
        var position = ExpectSoi(jpeg);
        while (true)
        {
            var (marker, start, length, next) = NextSegment(jpeg, position);
            var segment = jpeg.Slice(start, length);
            if (marker == 0xC3)
            {
                return ParseFrame(segment).Info;
            }

            if (marker is 0xDA or 0xD9)
            {
                throw new DicomDataException($"offset {position}: no SOF3 (lossless) frame header before the scan");
            }

            CheckNotLossy(marker, position);
            position = next;
        }
    }

    /// <summary>The start-of-frame marker's second byte (C3 for lossless, C0 for baseline, …) met before the first
    /// scan, or null when there is none or the stream is not JPEG.</summary>
    public static int? FrameMarker(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg is not [0xFF, 0xD8, ..])
        {
            return null;
        }

        var position = 2;
        while (position < jpeg.Length)
        {
            int marker;
            int next;
            try
            {
                (marker, _, _, next) = NextSegment(jpeg, position);
            }
            catch (DicomDataException)
            {
                return null;
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return marker;
            }

            if (marker is 0xDA or 0xD9)
            {
                return null;
            }

            position = next;
        }

        return null;
    }

    /// <summary>Decodes the frame into <paramref name="destination"/>: width × height × components samples of
    /// <paramref name="bytesPerSample"/> (1 or 2) bytes, little-endian.</summary>
    public static FrameInfo Decode(ReadOnlySpan<byte> jpeg, Span<byte> destination, int bytesPerSample)
    {
        var tables = new HuffmanTable?[4];
        Frame? frame = null;
        var restartInterval = 0;
        var position = ExpectSoi(jpeg);
        while (true)
        {
            var (marker, start, length, next) = NextSegment(jpeg, position);
            var segment = jpeg.Slice(start, length);
            switch (marker)
            {
                case 0xC3:
                    frame = ParseFrame(segment);
                    break;
                case 0xC4:
                    ParseTables(segment, tables, position);
                    break;
                case 0xDD:
                    restartInterval = segment.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(segment) : throw new DicomDataException($"offset {position}: short DRI segment");
                    break;
                case 0xDA:
                    if (frame is null)
                    {
                        throw new DicomDataException($"offset {position}: a scan before the SOF3 frame header");
                    }

                    var info = frame.Value.Info;
                    var needed = (long)info.Width * info.Height * info.Components * bytesPerSample;
                    if (destination.Length < needed)
                    {
                        throw new DicomDataException($"the {info.Width} × {info.Height} × {info.Components} frame needs {needed} bytes, the destination has {destination.Length}");
                    }

                    var scan = ParseScan(segment, frame.Value, tables, position);
                    DecodeScan(jpeg, next, frame.Value, scan, restartInterval, destination, bytesPerSample);
                    return info;
                case 0xD9:
                    throw new DicomDataException($"offset {position}: end of image before any scan");
                default:
                    CheckNotLossy(marker, position);
                    break;
            }

            position = next;
        }
    }

    private static int ExpectSoi(ReadOnlySpan<byte> jpeg) =>
        jpeg.Length >= 2 && jpeg[0] == 0xFF && jpeg[1] == 0xD8 ? 2 : throw new DicomDataException("offset 0: no JPEG start-of-image marker (FFD8)");

    private static void CheckNotLossy(int marker, int position)
    {
        if (marker is >= 0xC0 and <= 0xCF and not 0xC3 and not 0xC4 and not 0xC8 and not 0xCC)
        {
            throw new DicomDataException($"offset {position}: frame marker FF{marker:X2} is not lossless JPEG (SOF3); only process 14 is decoded");
        }
    }

    private static (int Marker, int Start, int Length, int Next) NextSegment(ReadOnlySpan<byte> jpeg, int position)
    {
        // Fill bytes (FF) may precede a marker.
        while (position + 1 < jpeg.Length && jpeg[position] == 0xFF && jpeg[position + 1] == 0xFF)
        {
            position++;
        }

        if (position + 4 > jpeg.Length || jpeg[position] != 0xFF)
        {
            throw new DicomDataException($"offset {position}: expected a JPEG marker segment, the stream is truncated or damaged");
        }

        int marker = jpeg[position + 1];
        if (marker == 0xD9)
        {
            return (marker, position + 2, 0, position + 2);
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(position + 2)..]);
        if (length < 2 || position + 2 + length > jpeg.Length)
        {
            throw new DicomDataException($"offset {position}: marker FF{marker:X2} claims {length} bytes, {jpeg.Length - position - 2} remain");
        }

        return (marker, position + 4, length - 2, position + 2 + length);
    }

    private readonly record struct Frame(FrameInfo Info, byte[] ComponentIds);

    private readonly record struct Scan(HuffmanTable[] Tables, int Predictor, int PointTransform);

    private static Frame ParseFrame(ReadOnlySpan<byte> s)
    {
        if (s.Length < 6)
        {
            throw new DicomDataException("SOF3 segment too short");
        }

        int precision = s[0], height = BinaryPrimitives.ReadUInt16BigEndian(s[1..]), width = BinaryPrimitives.ReadUInt16BigEndian(s[3..]), components = s[5];
        if (precision is < 2 or > 16 || width == 0 || height == 0 || components is < 1 or > 4 || s.Length < 6 + (3 * components))
        {
            throw new DicomDataException($"SOF3: precision {precision}, {width} × {height}, {components} components is not a lossless frame this decoder reads");
        }

        var ids = new byte[components];
        for (var c = 0; c < components; c++)
        {
            ids[c] = s[6 + (3 * c)];
            if (s[7 + (3 * c)] != 0x11)
            {
                throw new DicomDataException($"SOF3: component {ids[c]} has sampling factors {s[7 + (3 * c)]:X2}; only 1 × 1 is supported");
            }
        }

        return new Frame(new FrameInfo(precision, width, height, components), ids);
    }

    private static void ParseTables(ReadOnlySpan<byte> s, HuffmanTable?[] tables, int position)
    {
        while (s.Length > 0)
        {
            if (s.Length < 17)
            {
                throw new DicomDataException($"offset {position}: DHT segment too short");
            }

            var (tableClass, id) = (s[0] >> 4, s[0] & 0x0F);
            var counts = s.Slice(1, 16);
            var total = 0;
            foreach (var count in counts)
            {
                total += count;
            }

            if (tableClass != 0 || id > 3 || total > 256 || s.Length < 17 + total)
            {
                throw new DicomDataException($"offset {position}: DHT table class {tableClass}, id {id} with {total} codes is not a valid lossless table");
            }

            tables[id] = new HuffmanTable(counts, s.Slice(17, total));
            s = s[(17 + total)..];
        }
    }

    private static Scan ParseScan(ReadOnlySpan<byte> s, Frame frame, HuffmanTable?[] tables, int position)
    {
        int count = s.Length > 0 ? s[0] : 0;
        if (count != frame.Info.Components || s.Length < 1 + (2 * count) + 3)
        {
            throw new DicomDataException($"offset {position}: the scan has {count} components, the frame {frame.Info.Components}; each scan must hold every component");
        }

        var tableOf = new HuffmanTable[count];
        for (var c = 0; c < count; c++)
        {
            if (s[1 + (2 * c)] != frame.ComponentIds[c])
            {
                throw new DicomDataException($"offset {position}: scan component {s[1 + (2 * c)]} is not frame component {frame.ComponentIds[c]}");
            }

            var id = s[2 + (2 * c)] >> 4;
            tableOf[c] = id <= 3 && tables[id] is { } table ? table : throw new DicomDataException($"offset {position}: scan component {c} uses Huffman table {id}, which was not defined");
        }

        var predictor = s[1 + (2 * count)];
        var pointTransform = s[3 + (2 * count)] & 0x0F;
        if (predictor is < 1 or > 7 || pointTransform >= frame.Info.Precision)
        {
            throw new DicomDataException($"offset {position}: predictor {predictor} or point transform {pointTransform} is not valid for a lossless scan");
        }

        return new Scan(tableOf, predictor, pointTransform);
    }

    private static void DecodeScan(ReadOnlySpan<byte> jpeg, int start, Frame frame, Scan scan, int restartInterval, Span<byte> destination, int bytesPerSample)
    {
        var (width, height, components) = (frame.Info.Width, frame.Info.Height, frame.Info.Components);
        var bits = new BitReader(jpeg, start);
        var rows = ArrayPool<int>.Shared.Rent(2 * width * components);
        try
        {
            DecodeRows(ref bits, frame, scan, restartInterval, destination, bytesPerSample, rows.AsSpan(0, width * components), rows.AsSpan(width * components, width * components));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    private static void DecodeRows(ref BitReader bits, Frame frame, Scan scan, int restartInterval, Span<byte> destination, int bytesPerSample, Span<int> previous, Span<int> current)
    {
        var (width, height, components) = (frame.Info.Width, frame.Info.Height, frame.Info.Components);
        var initial = 1 << (frame.Info.Precision - scan.PointTransform - 1);
        var wide = MemoryMarshal.Cast<byte, ushort>(destination);
        if (components == 1 && scan.Predictor == 1 && restartInterval == 0)
        {
            DecodeFirstOrderRows(ref bits, scan.Tables[0], width, height, initial, scan.PointTransform, destination, bytesPerSample);
            return;
        }

        var mcus = 0;

        // H.1.2.1: the first sample of the scan (and of each restart interval) is predicted by 2^(P-Pt-1), the rest of
        // that line by the sample to the left, the first sample of every other line by the one above.
        var firstSample = true;
        var firstLine = true;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (restartInterval > 0 && mcus > 0 && mcus % restartInterval == 0)
                {
                    bits.Restart();
                    (firstSample, firstLine) = (true, true);
                }

                for (var c = 0; c < components; c++)
                {
                    var i = (x * components) + c;
                    int prediction;
                    if (firstSample)
                    {
                        prediction = initial;
                    }
                    else if (x == 0)
                    {
                        prediction = previous[i];
                    }
                    else if (firstLine)
                    {
                        prediction = current[i - components];
                    }
                    else
                    {
                        int a = current[i - components], b = previous[i], d = previous[i - components];
                        prediction = scan.Predictor switch
                        {
                            1 => a,
                            2 => b,
                            3 => d,
                            4 => a + b - d,
                            5 => a + ((b - d) >> 1),
                            6 => b + ((a - d) >> 1),
                            _ => (a + b) >> 1,
                        };
                    }

                    var value = (prediction + bits.Difference(scan.Tables[c])) & 0xFFFF;
                    current[i] = value;
                    var sample = value << scan.PointTransform;
                    var at = (((y * width) + x) * components) + c;
                    if (bytesPerSample == 1)
                    {
                        destination[at] = (byte)sample;
                    }
                    else
                    {
                        wide[at] = (ushort)sample;
                    }
                }

                firstSample = false;
                mcus++;
            }

            firstLine = false;
            var swap = previous;
            previous = current;
            current = swap;
        }
    }

    /// <summary>The rows of the scan DICOM's JPEG Lossless SV1 syntax holds and most files are: one component, each
    /// sample predicted by the one on its left (the first of a line by the one above), no restart intervals.</summary>
    private static void DecodeFirstOrderRows(ref BitReader bits, HuffmanTable table, int width, int height, int initial, int pointTransform, Span<byte> destination, int bytesPerSample)
    {
        var wide = MemoryMarshal.Cast<byte, ushort>(destination);
        var above = initial;
        for (var y = 0; y < height; y++)
        {
            var prediction = above;
            var start = y * width;
            for (var x = 0; x < width; x++)
            {
                var value = (prediction + bits.Difference(table)) & 0xFFFF;
                if (bytesPerSample == 1)
                {
                    destination[start + x] = (byte)(value << pointTransform);
                }
                else
                {
                    wide[start + x] = (ushort)(value << pointTransform);
                }

                prediction = value;
                if (x == 0)
                {
                    above = value;
                }
            }
        }
    }
}
