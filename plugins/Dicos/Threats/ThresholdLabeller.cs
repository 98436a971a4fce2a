namespace Conduit.Plugins.Dicos.Threats;

/// <summary>
/// Finds the 6-connected objects of voxels at or above a threshold in a stack of slices that arrive one at a time:
/// each row is cut into runs, a run joins the runs it overlaps in the row above and in the same row of the slice
/// before (union-find), and only the runs are kept. Memory grows with the number of runs (20 bytes each), not with
/// the volume; the bitmaps are built at the end.
/// </summary>
public sealed class ThresholdLabeller(float threshold)
{
    private readonly List<Run> _runs = [];
    private readonly List<int> _parent = [];
    private int[] _previousRows = [];
    private int[] _currentRows = [];
    private int _width;
    private int _height;
    private int _slices;

    /// <summary>Bytes a run costs while labelling: the run (20) and its label's parent (4), twice over for the lists'
    /// growth by doubling.</summary>
    public const long BytesPerRun = 2 * (20 + 4);

    /// <summary>Slices seen.</summary>
    public int Slices => _slices;

    /// <summary>Runs kept so far (memory grows as <see cref="BytesPerRun"/> × this).</summary>
    public int Runs => _runs.Count;

    /// <summary>Adds the next slice (row-major, <paramref name="width"/> × <paramref name="height"/>).</summary>
    /// <exception cref="ArgumentException">The slice differs in size from the first.</exception>
    public void AddSlice(ReadOnlySpan<float> values, int width, int height)
    {
        if (_slices == 0)
        {
            (_width, _height) = (width, height);
            _previousRows = new int[height + 1];
            _currentRows = new int[height + 1];
        }
        else if (width != _width || height != _height)
        {
            throw new ArgumentException($"slice {_slices} is {width} × {height}; the stack began with {_width} × {_height}");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(values.Length, width * height);
        var z = _slices;
        for (var y = 0; y < height; y++)
        {
            _currentRows[y] = _runs.Count;
            var row = values.Slice(y * width, width);
            var above = y > 0 ? _currentRows[y - 1] : 0;
            var aboveEnd = y > 0 ? _currentRows[y] : 0;
            var before = z > 0 ? _previousRows[y] : 0;
            var beforeEnd = z > 0 ? _previousRows[y + 1] : 0;
            for (var x = 0; x < width;)
            {
                if (!(row[x] >= threshold))
                {
                    x++;
                    continue;
                }

                var start = x;
                while (x < width && row[x] >= threshold)
                {
                    x++;
                }

                var label = -1;
                Join(ref label, ref above, aboveEnd, start, x);
                Join(ref label, ref before, beforeEnd, start, x);
                if (label < 0)
                {
                    label = _parent.Count;
                    _parent.Add(label);
                }

                _runs.Add(new Run(z, y, start, x, label));
            }
        }

        _currentRows[height] = _runs.Count;
        (_previousRows, _currentRows) = (_currentRows, _previousRows);
        _slices++;
    }

    /// <summary>The objects of at least <paramref name="minVoxels"/> voxels, largest first, at most
    /// <paramref name="maxObjects"/>, numbered from 1.</summary>
    public IReadOnlyList<ThreatObject> Objects(long minVoxels, int maxObjects)
    {
        var boxes = new Dictionary<int, Box>();
        foreach (var run in _runs)
        {
            var root = Find(run.Label);
            var box = boxes.TryGetValue(root, out var b) ? b : new Box(int.MaxValue, int.MaxValue, int.MaxValue, -1, -1, -1, 0);
            boxes[root] = new Box(
                Math.Min(box.X0, run.X0), Math.Min(box.Y0, run.Y), Math.Min(box.Z0, run.Z),
                Math.Max(box.X1, run.X1), Math.Max(box.Y1, run.Y + 1), Math.Max(box.Z1, run.Z + 1),
                box.Voxels + (run.X1 - run.X0));
        }

        var kept = boxes.Where(b => b.Value.Voxels >= minVoxels)
            .OrderByDescending(b => b.Value.Voxels).ThenBy(b => b.Value.Z0).ThenBy(b => b.Value.Y0).ThenBy(b => b.Value.X0)
            .Take(maxObjects).ToList();
        var bitmaps = new Dictionary<int, byte[]>();
        foreach (var (root, box) in kept)
        {
            var bits = (long)(box.X1 - box.X0) * (box.Y1 - box.Y0) * (box.Z1 - box.Z0);
            bitmaps[root] = new byte[(bits + 7) / 8];
        }

        foreach (var run in _runs)
        {
            var root = Find(run.Label);
            if (!bitmaps.TryGetValue(root, out var bitmap))
            {
                continue;
            }

            var box = boxes[root];
            var rowStart = ((((long)(run.Z - box.Z0) * (box.Y1 - box.Y0)) + (run.Y - box.Y0)) * (box.X1 - box.X0)) - box.X0;
            for (var x = run.X0; x < run.X1; x++)
            {
                var bit = rowStart + x;
                bitmap[bit >> 3] |= (byte)(1 << (int)(bit & 7));
            }
        }

        return [.. kept.Select((k, i) => new ThreatObject(
            i + 1,
            (k.Value.X0, k.Value.Y0, k.Value.Z0),
            (k.Value.X1 - k.Value.X0, k.Value.Y1 - k.Value.Y0, k.Value.Z1 - k.Value.Z0),
            bitmaps[k.Key],
            k.Value.Voxels))];
    }

    // Runs of a row are in x order, so one pointer walks the candidate row once for all runs of this row.
    private void Join(ref int label, ref int next, int end, int x0, int x1)
    {
        while (next < end && _runs[next].X1 <= x0)
        {
            next++;
        }

        for (var i = next; i < end && _runs[i].X0 < x1; i++)
        {
            var other = Find(_runs[i].Label);
            if (label < 0)
            {
                label = other;
            }
            else if (other != label)
            {
                // Keep the smaller label as the root, so roots do not depend on visiting order.
                var (low, high) = other < label ? (other, label) : (label, other);
                _parent[high] = low;
                label = low;
            }
        }
    }

    private int Find(int label)
    {
        var root = label;
        while (_parent[root] != root)
        {
            root = _parent[root];
        }

        while (_parent[label] != root)
        {
            var next = _parent[label];
            _parent[label] = root;
            label = next;
        }

        return root;
    }

    private readonly record struct Run(int Z, int Y, int X0, int X1, int Label);

    private readonly record struct Box(int X0, int Y0, int Z0, int X1, int Y1, int Z1, long Voxels);
}
