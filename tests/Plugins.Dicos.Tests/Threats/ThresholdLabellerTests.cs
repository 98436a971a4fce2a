using Conduit.Plugins.Dicos.Threats;

namespace Conduit.Plugins.Dicos.Tests.Threats;

public sealed class ThresholdLabellerTests
{
    [Fact]
    public void Two_blocks_become_two_objects_with_their_boxes_bitmaps_and_voxel_counts_largest_first()
    {
        var volume = new Volume(20, 16, 6);
        volume.Fill(2, 3, 1, 4, 5, 3);      // 4 × 5 × 3 = 60 voxels
        volume.Fill(12, 8, 2, 6, 6, 4);     // 144 voxels

        var objects = volume.Label(0.5f, 1);

        Assert.Equal(2, objects.Count);
        Assert.Equal((1, (12, 8, 2), (6, 6, 4), 144L), (objects[0].Id, objects[0].Base, objects[0].Extents, objects[0].Voxels));
        Assert.Equal((2, (2, 3, 1), (4, 5, 3), 60L), (objects[1].Id, objects[1].Base, objects[1].Extents, objects[1].Voxels));
        Assert.All(objects, o => Assert.Equal(((o.Extents.X * o.Extents.Y * o.Extents.Z) + 7) / 8, o.Bitmap.Length));
        Assert.True(objects[1].Contains(5, 7, 3) && !objects[1].Contains(6, 7, 3) && !objects[1].Contains(5, 7, 4));
    }

    [Fact]
    public void Voxels_touching_only_at_an_edge_stay_apart_and_a_u_shape_joined_at_its_foot_is_one_object()
    {
        var volume = new Volume(12, 12, 3);
        volume.Set(1, 1, 0);
        volume.Set(2, 2, 0);                // diagonal neighbour in the same slice: not 6-connected
        volume.Set(3, 3, 1);
        volume.Set(3, 3, 2);                // straight above in the next slice: connected
        volume.Fill(6, 0, 0, 1, 5, 1);      // left arm, rows 0-4
        volume.Fill(10, 0, 0, 1, 5, 1);     // right arm, rows 0-4
        volume.Fill(6, 5, 0, 5, 1, 1);      // the foot joins them in row 5

        var objects = volume.Label(0.5f, 1);

        Assert.Equal([15L, 2L, 1L, 1L], objects.Select(o => o.Voxels));
        Assert.Equal(((6, 0, 0), (5, 6, 1)), (objects[0].Base, objects[0].Extents));
        Assert.Equal(((3, 3, 1), (1, 1, 2)), (objects[1].Base, objects[1].Extents));
    }

    [Fact]
    public void Objects_below_the_minimum_size_and_beyond_the_maximum_count_are_left_out_and_nan_is_never_an_object()
    {
        var volume = new Volume(10, 10, 2);
        volume.Fill(0, 0, 0, 3, 3, 2);      // 18
        volume.Fill(5, 5, 0, 2, 2, 2);      // 8
        volume.Set(9, 0, 1);                // 1
        volume.Values[1][(5 * 10) + 0] = float.NaN;

        Assert.Equal([18L, 8L], volume.Label(0.5f, 2).Select(o => o.Voxels));
        Assert.Equal([18L], volume.Label(0.5f, 2, maxObjects: 1).Select(o => o.Voxels));
        Assert.Empty(volume.Label(0.5f, 19));
    }

    [Fact]
    public void A_slice_of_another_size_is_refused()
    {
        var labeller = new ThresholdLabeller(1);
        labeller.AddSlice(new float[12], 4, 3);

        Assert.Contains("slice 1 is 3 × 4; the stack began with 4 × 3", Assert.Throws<ArgumentException>(() => labeller.AddSlice(new float[12], 3, 4)).Message, StringComparison.Ordinal);
    }

    /// <summary>A small stack of slices, 0 everywhere but where it is set to 1.</summary>
    internal sealed class Volume(int width, int height, int depth)
    {
        public float[][] Values { get; } = [.. Enumerable.Range(0, depth).Select(_ => new float[width * height])];

        public void Set(int x, int y, int z) => Values[z][(y * width) + x] = 1;

        public void Fill(int x0, int y0, int z0, int w, int h, int d)
        {
            for (var z = z0; z < z0 + d; z++)
            {
                for (var y = y0; y < y0 + h; y++)
                {
                    for (var x = x0; x < x0 + w; x++)
                    {
                        Set(x, y, z);
                    }
                }
            }
        }

        public IReadOnlyList<ThreatObject> Label(float threshold, long minVoxels, int maxObjects = 100)
        {
            var labeller = new ThresholdLabeller(threshold);
            foreach (var slice in Values)
            {
                labeller.AddSlice(slice, width, height);
            }

            return labeller.Objects(minVoxels, maxObjects);
        }
    }
}
