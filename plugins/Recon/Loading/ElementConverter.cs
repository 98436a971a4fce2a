using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Conduit.Plugins.Recon.Loading;

/// <summary>Converts raw elements of a numeric type (kind f, i or u; 1 to 8 bytes; either byte order) to float32.</summary>
internal static class ElementConverter
{
    public static void ToSingle(ReadOnlySpan<byte> source, char kind, int size, bool bigEndian, Span<float> destination)
    {
        if (kind == 'f' && size == 4 && !bigEndian)
        {
            MemoryMarshal.Cast<byte, float>(source)[..destination.Length].CopyTo(destination);
            return;
        }

        for (var i = 0; i < destination.Length; i++)
        {
            var e = source.Slice(i * size, size);
            destination[i] = (kind, size) switch
            {
                ('f', 4) => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(e) : BinaryPrimitives.ReadSingleLittleEndian(e),
                ('f', _) => (float)(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(e) : BinaryPrimitives.ReadDoubleLittleEndian(e)),
                ('i', 1) => (sbyte)e[0],
                ('u', 1) => e[0],
                ('i', 2) => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(e) : BinaryPrimitives.ReadInt16LittleEndian(e),
                ('u', 2) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(e) : BinaryPrimitives.ReadUInt16LittleEndian(e),
                ('i', 4) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(e) : BinaryPrimitives.ReadInt32LittleEndian(e),
                ('u', 4) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(e) : BinaryPrimitives.ReadUInt32LittleEndian(e),
                ('i', _) => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(e) : BinaryPrimitives.ReadInt64LittleEndian(e),
                _ => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(e) : BinaryPrimitives.ReadUInt64LittleEndian(e),
            };
        }
    }
}
