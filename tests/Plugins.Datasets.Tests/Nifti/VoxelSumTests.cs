using System.Runtime.InteropServices;
using Conduit.Plugins.Datasets.Nifti;

namespace Conduit.Plugins.Datasets.Tests.Nifti;

/// <summary>The vectorised sums against a plain loop: at the extremes of each type (where a 32-bit lane would
/// overflow if a block were too long) and at lengths that leave remainders of every kind.</summary>
public sealed class VoxelSumTests
{
    public static TheoryData<int> Lengths => [0, 1, 15, 17, 32_767, 32_768, 32_769, 100_003, 262_144];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Int16_sums_are_exact_at_the_extremes_and_at_random(int length)
    {
        var random = new Random(length);
        foreach (var values in new[]
        {
            Enumerable.Repeat(short.MaxValue, length).ToArray(),
            Enumerable.Repeat(short.MinValue, length).ToArray(),
            Enumerable.Range(0, length).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray(),
        })
        {
            var sum = VoxelSum.Of(MemoryMarshal.AsBytes(values.AsSpan()), NiftiDataType.Int16);
            Assert.Equal(values.Sum(v => (long)v), sum.Integer);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void UInt16_sums_are_exact_at_the_extremes_and_at_random(int length)
    {
        var random = new Random(length);
        foreach (var values in new[]
        {
            Enumerable.Repeat(ushort.MaxValue, length).ToArray(),
            Enumerable.Range(0, length).Select(_ => (ushort)random.Next(0, ushort.MaxValue + 1)).ToArray(),
        })
        {
            var sum = VoxelSum.Of(MemoryMarshal.AsBytes(values.AsSpan()), NiftiDataType.UInt16);
            Assert.Equal(values.Sum(v => (long)v), sum.Integer);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Float32_sums_agree_with_a_double_loop(int length)
    {
        var random = new Random(length);
        var values = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2000) - 1000)).ToArray();

        var sum = VoxelSum.Of(MemoryMarshal.AsBytes(values.AsSpan()), NiftiDataType.Float32);

        Assert.Equal(values.Sum(v => (double)v), sum.Real, Math.Max(1e-9, Math.Abs(sum.Real) * 1e-12));
    }
}
