using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Conduit.Abstractions.Memory;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>
/// Parses DICOM Part 10 files and bare data sets in explicit or implicit VR little endian (and the retired explicit VR
/// big endian, whose binary values it turns to little endian on reading): sequences and items of
/// defined and undefined length, private and unknown elements (kept as read), and encapsulated pixel data, also when a
/// writer gives it VR OW. Every length is checked against the bytes that remain before anything is sliced or
/// allocated, nesting is bounded, and every loop consumes bytes, so damaged input ends in a
/// <see cref="DicomDataException"/> naming the tag and offset, never in a hang or an out-of-memory.
/// </summary>
public sealed class DicomReader
{
    /// <summary>Sequences nested deeper than this are refused.</summary>
    public const int MaxDepth = 32;

    private const uint Undefined = 0xFFFFFFFF;

    // What one contiguous lease holds; the mapped files themselves stop at 2 GiB.
    private const long MaxInflatedBytes = 1L << 30;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly string _path;
    private readonly IBufferPool? _pool;

    // Explicit VR Big Endian (retired, PS3.5 A.3): headers and binary values are big-endian. Such values are swapped
    // into copies as they are read, so every consumer sees little-endian data; the copies cost memory the mapped
    // little-endian files do not, acceptable for a syntax seen only in old archives.
    private bool _bigEndian;

    // The inflated data set of a deflated file, when it was inflated into a pool's lease.
    private IBufferLease? _inflated;

    private DicomReader(ReadOnlyMemory<byte> data, string path, IBufferPool? pool)
    {
        _data = data;
        _path = path;
        _pool = pool;
    }

    /// <summary>Parses a whole file held in memory.</summary>
    public static DicomFile Read(ReadOnlyMemory<byte> data, string path) => Read(data, path, null, out _);

    /// <summary>
    /// Parses a whole file held in memory; a deflated data set is inflated into a lease from <paramref name="pool"/>
    /// (charged to its budget) and handed to the caller as <paramref name="inflated"/>, which must outlive the file.
    /// </summary>
    /// <exception cref="DicomDataException">The file is damaged, or its data set inflates to more than the pool lends.</exception>
    public static DicomFile Read(ReadOnlyMemory<byte> data, string path, IBufferPool? pool, out IBufferLease? inflated)
    {
        var reader = new DicomReader(data, path, pool);
        try
        {
            var file = reader.ReadFile();
            inflated = reader._inflated;
            return file;
        }
        catch
        {
            reader._inflated?.Dispose();
            throw;
        }
    }

    private ReadOnlySpan<byte> Bytes => _data.Span;

    private DicomFile ReadFile()
    {
        var span = Bytes;
        var preamble = span.Length >= 132 && span.Slice(128, 4).SequenceEqual("DICM"u8);
        long position = preamble ? 132 : 0;
        var meta = new DicomDataSet();
        if (!preamble && !LooksLikeMeta(span))
        {
            if (LooksBigEndian(span))
            {
                // A bare big-endian data set: group 0008 reads as 0800 in little endian.
                _bigEndian = true;
                var bare = ReadDataSet(ref position, span.Length, explicitVr: true, 0, endsWithDelimiter: false);
                return new DicomFile(_path, false, meta, bare, DicomTransferSyntax.Of(DicomTransferSyntax.ExplicitBigUid));
            }

            var guess = LooksExplicit(span, 0) ? DicomTransferSyntax.ExplicitLittle : DicomTransferSyntax.ImplicitLittle;
            if (!preamble && span.Length > 0 && !StartsLikeDataSet(span))
            {
                throw Fail("no DICM prefix at offset 128 and no data set at offset 0: not a DICOM file", 0);
            }

            return new DicomFile(_path, false, meta, ReadDataSet(ref position, span.Length, guess.ExplicitVr, 0, endsWithDelimiter: false), guess);
        }

        while (position + 8 <= span.Length && BinaryPrimitives.ReadUInt16LittleEndian(span[(int)position..]) == 0x0002)
        {
            var element = ReadElement(ref position, span.Length, explicitVr: true, depth: 0);
            meta.Add(element);
        }

        var uid = meta.GetString(DicomTag.TransferSyntaxUid);
        if (string.IsNullOrEmpty(uid))
        {
            // No Transfer Syntax UID: the data set's first element says whether it is explicit.
            uid = LooksExplicit(span, position) ? DicomTransferSyntax.ExplicitLittle.Uid : DicomTransferSyntax.ImplicitLittle.Uid;
        }

        var syntax = DicomTransferSyntax.Of(uid);
        if (syntax.Uid == DicomTransferSyntax.DeflatedUid)
        {
            // The data set after the file meta information is one raw deflate stream of explicit VR little endian.
            var inflated = Inflate(_data[(int)position..], position);
            var dataSet = new DicomReader(inflated, _path, null).ReadWhole(explicitVr: true);
            return new DicomFile(_path, preamble, meta, dataSet, syntax);
        }

        if (syntax.Uid == DicomTransferSyntax.ExplicitBigUid)
        {
            _bigEndian = true;
            var bigData = ReadDataSet(ref position, span.Length, explicitVr: true, 0, endsWithDelimiter: false);
            return new DicomFile(_path, preamble, meta, bigData, syntax);
        }

        // Some writers declare explicit VR and write implicit: the first element tells (as DCMTK also tolerates).
        var explicitVr = syntax.ExplicitVr && (position + 6 > span.Length || LooksExplicit(span, position));
        var data = ReadDataSet(ref position, span.Length, explicitVr, 0, endsWithDelimiter: false);
        return new DicomFile(_path, preamble, meta, data, explicitVr || !syntax.ExplicitVr ? syntax : syntax with { ExplicitVr = false });
    }

    private DicomDataSet ReadWhole(bool explicitVr)
    {
        long position = 0;
        return ReadDataSet(ref position, Bytes.Length, explicitVr, 0, endsWithDelimiter: false);
    }

    // Two passes over the stream: the first only counts, so that the data set gets exactly the memory it needs, from
    // the pool and its budget when there is one, and a stream that inflates without end is refused, never buffered.
    private ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> deflated, long offset)
    {
        try
        {
            var size = InflatedSize(deflated);
            if (size > MaxInflatedBytes)
            {
                throw Fail($"the deflated data set inflates to more than {MaxInflatedBytes} bytes; larger ones are not read", offset);
            }

            var target = _pool is null ? GC.AllocateUninitializedArray<byte>((int)size) : RentInflated(size, offset);
            using var inflater = new DeflateStream(new ReadOnlyMemoryStream(deflated), CompressionMode.Decompress);
            inflater.ReadExactly(target.Span);
            return target;
        }
        catch (InvalidDataException e)
        {
            throw Fail($"the deflated data set is damaged: {e.Message}", offset);
        }
    }

    private Memory<byte> RentInflated(long size, long offset)
    {
        var pool = _pool!;
        IBufferLease? lease = null;
        try
        {
            if (pool.TryRent(size, out lease) && lease.IsContiguous)
            {
                _inflated = lease;
                return lease.Memory;
            }
        }
        catch (MemoryBudgetExceededException)
        {
            // More than the budget's whole limit: refused as below.
        }

        lease?.Dispose();
        throw Fail($"the deflated data set inflates to {ByteSize.Format(size)}, more than pool '{pool.Name}' can lend now", offset);
    }

    private static long InflatedSize(ReadOnlyMemory<byte> deflated)
    {
        using var inflater = new DeflateStream(new ReadOnlyMemoryStream(deflated), CompressionMode.Decompress);
        Span<byte> sink = stackalloc byte[16384];
        long size = 0;
        int read;
        while ((read = inflater.Read(sink)) > 0 && size <= MaxInflatedBytes)
        {
            size += read;
        }

        return size;
    }

    private static bool LooksLikeMeta(ReadOnlySpan<byte> span) =>
        span.Length >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(span) == 0x0002 && LooksExplicit(span, 0);

    private static bool LooksBigEndian(ReadOnlySpan<byte> span) =>
        span.Length >= 8 && BinaryPrimitives.ReadUInt16BigEndian(span) < BinaryPrimitives.ReadUInt16LittleEndian(span) && LooksExplicit(span, 0);

    private static bool StartsLikeDataSet(ReadOnlySpan<byte> span) =>
        span.Length >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(span) is >= 0x0008 and < 0x7FE1;

    private static bool LooksExplicit(ReadOnlySpan<byte> span, long position) =>
        span.Length >= position + 6 && new DicomVr((char)span[(int)position + 4], (char)span[(int)position + 5]).IsKnown;

    private DicomDataSet ReadDataSet(ref long position, long end, bool explicitVr, int depth, bool endsWithDelimiter)
    {
        var dataSet = new DicomDataSet();
        while (position < end)
        {
            if (end - position < 8)
            {
                throw Fail($"{end - position} bytes left where an element header (8 bytes) should start", position);
            }

            var tag = PeekTag(position);
            if (tag == DicomTag.ItemDelimitation)
            {
                if (!endsWithDelimiter)
                {
                    throw Fail($"an item delimitation {tag} outside an item of undefined length", position);
                }

                position += 8;
                return dataSet;
            }

            if (tag.Group == 0xFFFE)
            {
                throw Fail($"{tag} where a data element should start", position);
            }

            dataSet.Add(ReadElement(ref position, end, explicitVr, depth));
        }

        if (endsWithDelimiter)
        {
            throw Fail("the data ends inside an item of undefined length (no item delimitation)", position);
        }

        return dataSet;
    }

    private DicomElement ReadElement(ref long position, long end, bool explicitVr, int depth)
    {
        var start = position;
        var span = Bytes;
        var tag = PeekTag(position);
        DicomVr vr;
        uint length;
        if (explicitVr)
        {
            vr = new DicomVr((char)span[(int)position + 4], (char)span[(int)position + 5]);
            if (!vr.IsKnown)
            {
                throw Fail($"{tag}: '{Printable(span.Slice((int)position + 4, 2))}' is not a value representation", position + 4);
            }

            if (vr.HasLongLength)
            {
                Need(start, position + 12, end, tag);
                length = ReadUInt32(span[((int)position + 8)..]);
                position += 12;
            }
            else
            {
                length = ReadUInt16(span[((int)position + 6)..]);
                position += 8;
            }
        }
        else
        {
            DicomElementRegistry.TryGet(tag, out vr, out _);
            length = BinaryPrimitives.ReadUInt32LittleEndian(span[((int)position + 4)..]);
            position += 8;
        }

        if (length == Undefined)
        {
            if (tag == DicomTag.PixelData)
            {
                return new DicomElement(tag, vr, ReadFragments(ref position, end, tag), start);
            }

            if (vr == DicomVr.SQ || vr == DicomVr.UN)
            {
                // PS3.5 6.2.2: an element of unknown VR and undefined length is a sequence in implicit VR little endian.
                return new DicomElement(tag, ReadItems(ref position, end, undefinedLength: true, explicitVr && vr == DicomVr.SQ, depth + 1, tag), start, undefinedLength: true);
            }

            throw Fail($"{tag} {vr}: undefined length is allowed only for sequences and pixel data", start);
        }

        Need(start, position + length, end, tag);
        if (vr == DicomVr.SQ)
        {
            var sequenceEnd = position + length;
            var items = ReadItems(ref position, sequenceEnd, undefinedLength: false, explicitVr, depth + 1, tag);
            position = sequenceEnd;
            return new DicomElement(tag, items, start, undefinedLength: false);
        }

        var value = _data.Slice((int)position, (int)length);
        position += length;
        // Pixel data is left as stored: its unit is Bits Allocated, not the VR's, and DicomImage knows it.
        return new DicomElement(tag, vr, _bigEndian && tag != DicomTag.PixelData ? ToLittleEndian(value, vr) : value, start);
    }

    private List<DicomDataSet> ReadItems(ref long position, long end, bool undefinedLength, bool explicitVr, int depth, DicomTag sequence)
    {
        if (depth > MaxDepth)
        {
            throw Fail($"{sequence}: sequences nested more than {MaxDepth} deep", position);
        }

        var items = new List<DicomDataSet>();
        while (true)
        {
            if (!undefinedLength && position >= end)
            {
                return items;
            }

            Need(position, position + 8, end, sequence);
            var tag = PeekTag(position);
            var length = ReadUInt32(Bytes[((int)position + 4)..]);
            if (tag == DicomTag.SequenceDelimitation)
            {
                position += 8;
                if (undefinedLength)
                {
                    return items;
                }

                throw Fail($"{sequence}: a sequence delimitation inside a sequence of defined length", position - 8);
            }

            if (tag != DicomTag.Item)
            {
                throw Fail($"{sequence}: {tag} where an item (FFFE,E000) should start", position);
            }

            position += 8;
            if (length == Undefined)
            {
                items.Add(ReadDataSet(ref position, end, explicitVr, depth, endsWithDelimiter: true));
            }
            else
            {
                Need(position - 8, position + length, end, sequence);
                var itemEnd = position + length;
                items.Add(ReadDataSet(ref position, itemEnd, explicitVr, depth, endsWithDelimiter: false));
                position = itemEnd;
            }
        }
    }

    private EncapsulatedFragments ReadFragments(ref long position, long end, DicomTag tag)
    {
        var offsets = new List<uint>();
        var fragments = new List<ReadOnlyMemory<byte>>();
        var fragmentOffsets = new List<long>();
        var first = true;
        long firstFragment = -1;
        while (true)
        {
            Need(position, position + 8, end, tag);
            var item = PeekTag(position);
            var length = ReadUInt32(Bytes[((int)position + 4)..]);
            if (item == DicomTag.SequenceDelimitation)
            {
                position += 8;
                break;
            }

            if (item != DicomTag.Item || length == Undefined)
            {
                throw Fail($"{tag}: {item} with length {length:X8} where a pixel data fragment item should start", position);
            }

            Need(position, position + 8 + length, end, tag);
            var value = _data.Slice((int)position + 8, (int)length);
            if (first)
            {
                if (length % 4 != 0)
                {
                    throw Fail($"{tag}: the basic offset table is {length} bytes, not a multiple of 4", position);
                }

                for (var i = 0; i < length; i += 4)
                {
                    offsets.Add(BinaryPrimitives.ReadUInt32LittleEndian(value.Span[i..]));
                }

                first = false;
            }
            else
            {
                if (firstFragment < 0)
                {
                    firstFragment = position;
                }

                fragments.Add(value);
                fragmentOffsets.Add(position - firstFragment);
            }

            position += 8 + length;
        }

        return new EncapsulatedFragments(offsets, fragments, fragmentOffsets);
    }

    private DicomTag PeekTag(long position)
    {
        var span = Bytes[(int)position..];
        return new DicomTag(ReadUInt16(span), ReadUInt16(span[2..]));
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);

    private uint ReadUInt32(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);

    /// <summary>A little-endian copy of a big-endian binary value; text and byte values are returned as they are.</summary>
    private static ReadOnlyMemory<byte> ToLittleEndian(ReadOnlyMemory<byte> value, DicomVr vr) => vr.Code switch
    {
        "US" or "SS" or "OW" or "AT" => Swapped(value, 2),
        "UL" or "SL" or "FL" or "OF" or "OL" => Swapped(value, 4),
        "FD" or "OD" or "SV" or "UV" or "OV" => Swapped(value, 8),
        _ => value,
    };

    /// <summary>A copy of <paramref name="value"/> with the bytes of every <paramref name="size"/>-byte unit reversed
    /// (a trailing partial unit, which a valid value never has, is kept as it is).</summary>
    internal static ReadOnlyMemory<byte> Swapped(ReadOnlyMemory<byte> value, int size)
    {
        if (size <= 1)
        {
            return value;
        }

        var copy = value.ToArray();
        for (var i = 0; i + size <= copy.Length; i += size)
        {
            copy.AsSpan(i, size).Reverse();
        }

        return copy;
    }

    private void Need(long start, long through, long end, DicomTag tag)
    {
        if (through > end)
        {
            throw Fail($"{tag}: needs {through - start} bytes from offset {start} but only {Math.Max(0, end - start)} remain", start);
        }
    }

    private DicomDataException Fail(string problem, long offset) => new(_path, problem, offset);

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        string.Concat(Encoding.Latin1.GetString(bytes).Select(c => char.IsControl(c) ? '?' : c));
}
