using System.Buffers.Binary;
using System.Text;

namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>Writes little-endian NIfTI-1 or NIfTI-2 headers (single file, <c>n+1</c> / <c>n+2</c>).</summary>
public static class NiftiHeaderWriter
{
    /// <summary>Writes <paramref name="header"/> into the first <see cref="NiftiHeader.Size"/> bytes, then the
    /// 4-byte extension flag (0: no extensions).</summary>
    public static void Write(NiftiHeader header, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(header);
        destination[..(header.Size + 4)].Clear();
        var dims = new long[8];
        dims[0] = header.Dims.Count;
        for (var i = 0; i < header.Dims.Count; i++)
        {
            dims[i + 1] = header.Dims[i];
        }

        var pixdim = new double[8];
        for (var i = 0; i < Math.Min(8, header.PixDim.Count); i++)
        {
            pixdim[i] = header.PixDim[i];
        }

        var bitpix = (short)(header.DataType.BytesPerVoxel() * 8);
        if (header.Version == 1)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination, NiftiHeader.Nifti1Size);
            for (var i = 0; i < 8; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(destination[(40 + (2 * i))..], checked((short)dims[i]));
                BinaryPrimitives.WriteSingleLittleEndian(destination[(76 + (4 * i))..], (float)pixdim[i]);
            }

            BinaryPrimitives.WriteInt16LittleEndian(destination[68..], (short)header.IntentCode);
            BinaryPrimitives.WriteInt16LittleEndian(destination[70..], (short)header.DataType);
            BinaryPrimitives.WriteInt16LittleEndian(destination[72..], bitpix);
            BinaryPrimitives.WriteSingleLittleEndian(destination[108..], header.VoxOffset);
            BinaryPrimitives.WriteSingleLittleEndian(destination[112..], (float)header.SclSlope);
            BinaryPrimitives.WriteSingleLittleEndian(destination[116..], (float)header.SclInter);
            destination[123] = (byte)header.XyztUnits;
            Text(destination.Slice(148, 80), header.Description);
            BinaryPrimitives.WriteInt16LittleEndian(destination[252..], (short)header.QformCode);
            BinaryPrimitives.WriteInt16LittleEndian(destination[254..], (short)header.SformCode);
            WriteSingles(destination[256..], header.Quaternion.B, header.Quaternion.C, header.Quaternion.D, header.QOffset.X, header.QOffset.Y, header.QOffset.Z);
            WriteSingles(destination[280..], [.. header.SRows]);
            "n+1\0"u8.CopyTo(destination[344..]);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination, NiftiHeader.Nifti2Size);
            "n+2\0\r\n\u001a\n"u8.CopyTo(destination[4..]);
            BinaryPrimitives.WriteInt16LittleEndian(destination[12..], (short)header.DataType);
            BinaryPrimitives.WriteInt16LittleEndian(destination[14..], bitpix);
            for (var i = 0; i < 8; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(destination[(16 + (8 * i))..], dims[i]);
                BinaryPrimitives.WriteDoubleLittleEndian(destination[(104 + (8 * i))..], pixdim[i]);
            }

            BinaryPrimitives.WriteInt64LittleEndian(destination[168..], header.VoxOffset);
            BinaryPrimitives.WriteDoubleLittleEndian(destination[176..], header.SclSlope);
            BinaryPrimitives.WriteDoubleLittleEndian(destination[184..], header.SclInter);
            Text(destination.Slice(240, 80), header.Description);
            BinaryPrimitives.WriteInt32LittleEndian(destination[344..], header.QformCode);
            BinaryPrimitives.WriteInt32LittleEndian(destination[348..], header.SformCode);
            WriteDoubles(destination[352..], header.Quaternion.B, header.Quaternion.C, header.Quaternion.D, header.QOffset.X, header.QOffset.Y, header.QOffset.Z);
            WriteDoubles(destination[400..], [.. header.SRows]);
            BinaryPrimitives.WriteInt32LittleEndian(destination[500..], header.XyztUnits);
            BinaryPrimitives.WriteInt32LittleEndian(destination[504..], header.IntentCode);
        }
    }

    private static void WriteSingles(Span<byte> destination, params double[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], (float)values[i]);
        }
    }

    private static void WriteDoubles(Span<byte> destination, params double[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination[(8 * i)..], values[i]);
        }
    }

    private static void Text(Span<byte> field, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        bytes.AsSpan(0, Math.Min(bytes.Length, field.Length - 1)).CopyTo(field);
    }
}
