using System.Buffers.Binary;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>
/// Writes DICOM Part 10 files in explicit VR little endian (or the encapsulated syntax their pixel data is in): the
/// preamble and <c>DICM</c>, the file meta information with its group length recomputed, and the data set in
/// ascending tag order. Sequences and items are written with undefined lengths; values are padded to even length
/// (text with a space, UIDs with a NUL); encapsulated pixel data is written as OB, whatever VR it was read with, and
/// Number of Frames as the IS the standard defines (the DICOS SDK writes a binary US, which DCMTK then reads as one
/// frame). Elements the codec does not know are written as read.
/// </summary>
public static class DicomWriter
{
    /// <summary>Conduit's implementation class UID (a UUID-derived UID under 2.25).</summary>
    public const string ImplementationClassUid = "2.25.200907462384117418329475601933829437617";

    /// <summary>Conduit's implementation version name.</summary>
    public const string ImplementationVersionName = "CONDUIT_1";

    /// <summary>Writes the header of native pixel data (OW, <paramref name="pixelBytes"/> long) after a data set written
    /// by <see cref="Write(Stream, DicomDataSet, DicomTransferSyntax, DicomDataSet?)"/>; the caller then writes exactly
    /// that many bytes of samples, frame by frame.</summary>
    public static void WriteNativePixelHeader(Stream output, long pixelBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (pixelBytes is < 0 or > 0xFFFFFFFE || (pixelBytes & 1) == 1)
        {
            throw new ArgumentOutOfRangeException(nameof(pixelBytes), pixelBytes, "native pixel data must be an even number of bytes under 4 GiB");
        }

        WritePixelDataHeader(output, 'W', (uint)pixelBytes);
    }

    /// <summary>Writes the start of encapsulated pixel data (OB, undefined length) after a data set written by
    /// <see cref="Write(Stream, DicomDataSet, DicomTransferSyntax, DicomDataSet?)"/>: the basic offset table of frames
    /// whose fragments will be <paramref name="lengths"/> bytes long. The caller then writes each frame with
    /// <see cref="WriteFragment"/> and ends with <see cref="WriteSequenceDelimiter"/>.</summary>
    public static void WriteEncapsulatedPixelHeader(Stream output, IReadOnlyList<long> lengths)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(lengths);
        WritePixelDataHeader(output, 'B', 0xFFFFFFFF);
        var table = new byte[lengths.Count * 4];
        long offset = 0;
        for (var i = 0; i < lengths.Count; i++)
        {
            if (offset > uint.MaxValue)
            {
                throw new ArgumentException($"frame {i}: fragments must start within 4 GiB of the first", nameof(lengths));
            }

            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), (uint)offset);
            offset += 8 + lengths[i] + (lengths[i] & 1);
        }

        WriteItemHeader(output, DicomTag.Item, (uint)table.Length);
        output.Write(table);
    }

    /// <summary>Writes one frame of encapsulated pixel data as an item, padded with a zero byte when odd (items are
    /// even).</summary>
    public static void WriteFragment(Stream output, ReadOnlySpan<byte> fragment)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteItemHeader(output, DicomTag.Item, (uint)(fragment.Length + (fragment.Length & 1)));
        output.Write(fragment);
        if ((fragment.Length & 1) == 1)
        {
            output.WriteByte(0);
        }
    }

    /// <summary>Ends encapsulated pixel data.</summary>
    public static void WriteSequenceDelimiter(Stream output) => WriteItemHeader(output, DicomTag.SequenceDelimitation, 0);

    /// <summary>Writes <paramref name="dataSet"/> as a Part 10 file in <paramref name="syntax"/>.</summary>
    public static void Write(Stream output, DicomDataSet dataSet, DicomTransferSyntax syntax, DicomDataSet? sourceMeta = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(dataSet);
        ArgumentNullException.ThrowIfNull(syntax);
        if (!syntax.ExplicitVr || syntax.Uid is DicomTransferSyntax.DeflatedUid or DicomTransferSyntax.ExplicitBigUid)
        {
            throw new ArgumentException($"{syntax.Name}: the writer writes explicit VR little endian (and encapsulated pixel data)", nameof(syntax));
        }

        var meta = new DicomDataSet();
        foreach (var element in sourceMeta?.Elements ?? [])
        {
            meta.Add(element);
        }

        meta.Add(DicomValues.Text(new DicomTag(0x0002, 0x0002), "UI", dataSet.GetString(DicomKeywords.SopClassUid) ?? string.Empty));
        meta.Add(DicomValues.Text(new DicomTag(0x0002, 0x0003), "UI", dataSet.GetString(DicomKeywords.SopInstanceUid) ?? string.Empty));
        meta.Add(DicomValues.Text(DicomTag.TransferSyntaxUid, "UI", syntax.Uid));
        WriteMetaGroup(output, meta);
        WriteDataSet(output, dataSet);
    }

    /// <summary>Writes the preamble, <c>DICM</c> and the file meta group of a data set that follows as bytes already
    /// encoded in <paramref name="transferSyntaxUid"/> (one received over the network, say).</summary>
    public static void WriteFileMeta(Stream output, string sopClassUid, string sopInstanceUid, string transferSyntaxUid, string? sourceAeTitle = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var meta = new DicomDataSet();
        meta.Add(DicomValues.Text(new DicomTag(0x0002, 0x0002), "UI", sopClassUid));
        meta.Add(DicomValues.Text(new DicomTag(0x0002, 0x0003), "UI", sopInstanceUid));
        meta.Add(DicomValues.Text(DicomTag.TransferSyntaxUid, "UI", transferSyntaxUid));
        if (!string.IsNullOrEmpty(sourceAeTitle))
        {
            meta.Add(DicomValues.Text(new DicomTag(0x0002, 0x0016), "AE", sourceAeTitle));
        }

        WriteMetaGroup(output, meta);
    }

    // The version, implementation class and name are always ours: this writer made the file.
    private static void WriteMetaGroup(Stream output, DicomDataSet meta)
    {
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        meta.Add(DicomValues.Bytes(new DicomTag(0x0002, 0x0001), DicomVr.OB, new byte[] { 0, 1 }));
        meta.Add(DicomValues.Text(new DicomTag(0x0002, 0x0012), "UI", ImplementationClassUid));
        meta.Add(DicomValues.Text(new DicomTag(0x0002, 0x0013), "SH", ImplementationVersionName));
        using var metaBytes = new MemoryStream();
        foreach (var element in meta.Elements.Where(e => e.Tag.Element != 0).OrderBy(e => e.Tag))
        {
            WriteElement(metaBytes, element);
        }

        WriteElement(output, DicomValues.UInt32(new DicomTag(0x0002, 0x0000), (uint)metaBytes.Length));
        metaBytes.Position = 0;
        metaBytes.CopyTo(output);
    }

    private static void WriteDataSet(Stream output, DicomDataSet dataSet)
    {
        foreach (var element in dataSet.Elements.Where(e => e.Tag.Group != 0x0002).OrderBy(e => e.Tag))
        {
            WriteElement(output, element.Tag == DicomKeywords.NumberOfFrames && element.Vr.Code != "IS" && dataSet.GetInteger(element.Tag) is { } frames
                ? DicomValues.Text(element.Tag, "IS", frames.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : element);
        }
    }

    private static void WriteElement(Stream output, DicomElement element)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, element.Tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element.Tag.Element);
        var vr = element.Fragments is not null ? DicomVr.OB : element.Vr;
        header[4] = (byte)vr.First;
        header[5] = (byte)vr.Second;
        if (element.Items is { } items)
        {
            WriteLongHeader(output, header, 0xFFFFFFFF);
            foreach (var item in items)
            {
                WriteItemHeader(output, DicomTag.Item, 0xFFFFFFFF);
                WriteDataSet(output, item);
                WriteItemHeader(output, DicomTag.ItemDelimitation, 0);
            }

            WriteItemHeader(output, DicomTag.SequenceDelimitation, 0);
            return;
        }

        if (element.Fragments is { } fragments)
        {
            WriteLongHeader(output, header, 0xFFFFFFFF);
            var table = new byte[fragments.OffsetTable.Count * 4];
            for (var i = 0; i < fragments.OffsetTable.Count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), fragments.OffsetTable[i]);
            }

            WriteItemHeader(output, DicomTag.Item, (uint)table.Length);
            output.Write(table);
            foreach (var fragment in fragments.Fragments)
            {
                WriteFragment(output, fragment.Span);
            }

            WriteSequenceDelimiter(output);
            return;
        }

        var value = element.Value.Span;
        var length = value.Length + (value.Length & 1);
        if (vr.HasLongLength)
        {
            WriteLongHeader(output, header, (uint)length);
        }
        else
        {
            if (length > ushort.MaxValue)
            {
                throw new ArgumentException($"{element.Tag} {vr}: {length} bytes do not fit a 16-bit length; write it as UN, OB or UT");
            }

            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            output.Write(header[..8]);
        }

        output.Write(value);
        if (length != value.Length)
        {
            output.WriteByte(vr.Code == "UI" || !vr.IsText ? (byte)0 : (byte)' ');
        }
    }

    // (7FE0,0010) with VR OB or OW and a 32-bit length.
    private static void WritePixelDataHeader(Stream output, char vrSecond, uint length)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, DicomTag.PixelData.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], DicomTag.PixelData.Element);
        header[4] = (byte)'O';
        header[5] = (byte)vrSecond;
        WriteLongHeader(output, header, length);
    }

    private static void WriteLongHeader(Stream output, Span<byte> header, uint length)
    {
        header[6] = 0;
        header[7] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], length);
        output.Write(header[..12]);
    }

    private static void WriteItemHeader(Stream output, DicomTag tag, uint length)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
        output.Write(header);
    }
}
