namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table (possibly empty) and the fragments that follow.</summary>
/// <param name="OffsetTable">Frame offsets from the first fragment's item tag, or empty.</param>
/// <param name="Fragments">Each fragment's bytes.</param>
/// <param name="FragmentOffsets">Each fragment's item offset, relative to the first fragment's item tag.</param>
public sealed record EncapsulatedFragments(IReadOnlyList<uint> OffsetTable, IReadOnlyList<ReadOnlyMemory<byte>> Fragments, IReadOnlyList<long> FragmentOffsets)
{
    /// <summary>The compressed bytes of each of <paramref name="frames"/> frames: by the offset table when there is
    /// one, one fragment a frame when the counts agree, and all fragments joined for a single frame.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Frames(int frames)
    {
        if (OffsetTable.Count == frames && frames > 1)
        {
            var result = new List<ReadOnlyMemory<byte>>(frames);
            for (var f = 0; f < frames; f++)
            {
                var start = OffsetTable[f];
                var end = f + 1 < frames ? OffsetTable[f + 1] : long.MaxValue;
                result.Add(Join(Enumerable.Range(0, Fragments.Count).Where(i => FragmentOffsets[i] >= start && FragmentOffsets[i] < end)));
            }

            return result;
        }

        if (Fragments.Count == frames)
        {
            return Fragments;
        }

        if (frames == 1)
        {
            return [Join(Enumerable.Range(0, Fragments.Count))];
        }

        throw new InvalidDataException($"{Fragments.Count} pixel data fragments and no usable offset table for {frames} frames");
    }

    private ReadOnlyMemory<byte> Join(IEnumerable<int> indices)
    {
        var parts = indices.Select(i => Fragments[i]).ToList();
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var joined = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(joined.AsSpan(at));
            at += part.Length;
        }

        return joined;
    }
}
