namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>Small span helpers for the marker plane.</summary>
internal static class SpanExtensions
{
    public static void Or(this Span<byte> span, byte bits)
    {
        foreach (ref var b in span)
        {
            b |= bits;
        }
    }
}
