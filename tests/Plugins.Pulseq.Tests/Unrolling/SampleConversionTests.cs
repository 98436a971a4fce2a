using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Conduit.Plugins.Pulseq.Unrolling;

namespace Conduit.Plugins.Pulseq.Tests.Unrolling;

/// <summary>The vectorised packing of float channels into card frames against the frame-by-frame formula: rounding to
/// even, negative values, the ends of each range, every marker bit, and a stop before a group out of range.</summary>
public sealed class SampleConversionTests
{
    [Fact]
    public void Eight_frames_at_a_time_pack_exactly_as_one_at_a_time()
    {
        Assert.SkipUnless(Sse2.IsSupported && Vector256.IsHardwareAccelerated, "the vectorised path runs on x86 with 256-bit vectors only");
        const int N = 4099;
        var random = new Random(3);
        float[] special = [0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -16383f, 16383f, 16382.5f, -16382.5f];
        var rf = Enumerable.Range(0, N).Select(i => i % 11 == 0 ? (i % 2 == 0 ? 32767f : -32767f) : (float)((random.NextDouble() * 65534) - 32767)).ToArray();
        var gradients = Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, N).Select(i => i % 7 == c ? special[i % special.Length] : (float)((random.NextDouble() * 32766) - 16383)).ToArray()).ToArray();
        var markers = Enumerable.Range(0, N).Select(_ => (byte)random.Next(0, 8)).ToArray();
        var frames = new ulong[N];

        var converted = SegmentRenderer.ConvertEightAtATime(rf, gradients[0], gradients[1], gradients[2], markers, frames);

        Assert.Equal(N / 8 * 8, converted);
        for (var f = 0; f < converted; f++)
        {
            Assert.Equal(Expected(rf[f], gradients[0][f], gradients[1][f], gradients[2][f], markers[f]), frames[f]);
        }
    }

    [Fact]
    public void A_group_with_a_value_out_of_range_is_left_to_the_frame_by_frame_loop_that_reports_it()
    {
        Assert.SkipUnless(Sse2.IsSupported && Vector256.IsHardwareAccelerated, "the vectorised path runs on x86 with 256-bit vectors only");
        var rf = new float[64];
        var gradient = new float[64];
        gradient[21] = 16383.6f;
        var frames = new ulong[64];

        Assert.Equal(16, SegmentRenderer.ConvertEightAtATime(rf, gradient, gradient, gradient, new byte[64], frames));
    }

    private static ulong Expected(float c0, float c1, float c2, float c3, byte marker)
    {
        var (q0, q1, q2, q3) = ((int)MathF.Round(c0), (int)MathF.Round(c1), (int)MathF.Round(c2), (int)MathF.Round(c3));
        return (ushort)q0
            | ((ulong)(((uint)q1 & 0x7FFF) | ((marker & 1u) << 15)) << 16)
            | ((ulong)(((uint)q2 & 0x7FFF) | (((marker >> 1) & 1u) << 15)) << 32)
            | ((ulong)(((uint)q3 & 0x7FFF) | (((marker >> 2) & 1u) << 15)) << 48);
    }
}
