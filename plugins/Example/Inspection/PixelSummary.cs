namespace Conduit.Plugins.Example.Inspection;

/// <summary>Running minimum, maximum and mean of float pixels.</summary>
internal sealed class PixelSummary
{
    private double _sum;
    private long _count;

    public float Min { get; private set; } = float.PositiveInfinity;

    public float Max { get; private set; } = float.NegativeInfinity;

    public double Mean => _count == 0 ? double.NaN : _sum / _count;

    public void Add(ReadOnlySpan<float> pixels)
    {
        foreach (var pixel in pixels)
        {
            Min = Math.Min(Min, pixel);
            Max = Math.Max(Max, pixel);
            _sum += pixel;
        }

        _count += pixels.Length;
    }

    public void Add(PixelSummary other)
    {
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        _sum += other._sum;
        _count += other._count;
    }
}
