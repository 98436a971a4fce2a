using System.Buffers.Binary;
using Conduit.Plugins.Dicos.Codecs;

namespace Conduit.Fuzz.Targets;

/// <summary>One RLE Lossless frame (PS3.5 Annex G: segment header, PackBits segments). The first four bytes of an
/// input choose the frame's geometry, so that the fuzzer explores it too: pixels (up to 64 Ki), samples per pixel (1 or
/// 3) and bytes per sample (1 or 2); the rest is the frame.</summary>
internal sealed class RleTarget : FuzzTarget
{
    private const int GeometryBytes = 4;

    public override string Name => "rle";

    public override string Description => "RLE Lossless frames (DICOM PS3.5 Annex G), geometry chosen by the input's first 4 bytes";

    // The destination is at most 64 Ki pixels × 3 samples × 2 bytes; the decoder allocates nothing else.
    public override AllocationBound Bound => new(0, 1 << 20);

    public override void Run(byte[] input)
    {
        if (input.Length < GeometryBytes)
        {
            return;
        }

        var geometry = BinaryPrimitives.ReadUInt32LittleEndian(input);
        var pixels = (int)(geometry & 0xFFFF) + 1;
        var samples = (geometry & 0x10000) != 0 ? 3 : 1;
        var bytesPerSample = (geometry & 0x20000) != 0 ? 2 : 1;
        var destination = new byte[pixels * samples * bytesPerSample];
        RleDecoder.Decode(input.AsSpan(GeometryBytes), destination, pixels, samples, bytesPerSample);
    }
}
