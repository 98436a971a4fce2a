using Conduit.Plugins.Dicos.Codecs;
using Conduit.Testing.Memory;

namespace Conduit.Fuzz.Targets;

/// <summary>One JPEG Lossless (process 14) frame, as a DICOM fragment holds it: markers, Huffman tables, scan header,
/// entropy-coded data with restart intervals, decoded into a pooled buffer of the size the frame header gives.</summary>
internal sealed class JpegLosslessTarget : FuzzTarget
{
    public override string Name => "jpeg-lossless";

    public override string Description => "JPEG Lossless (ITU T.81 process 14) frames as in DICOM fragments";

    // The decoder keeps its tables and one row of predictors; the decoded frame is pooled.
    public override AllocationBound Bound => new(16, BudgetBytes + (4 << 20));

    public override void Run(byte[] input)
    {
        var info = JpegLosslessDecoder.ReadInfo(input);
        var bytesPerSample = info.Precision > 8 ? 2 : 1;
        using var pool = new LeakCheckingPool("fuzz", BudgetBytes);
        if (pool.TryRent((long)info.Width * info.Height * info.Components * bytesPerSample, out var frame))
        {
            using (frame)
            {
                JpegLosslessDecoder.Decode(input, frame.Span, bytesPerSample);
            }
        }
    }
}
