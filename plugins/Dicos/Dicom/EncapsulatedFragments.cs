namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table (possibly empty) and the fragments that follow.</summary>
/// <param name="OffsetTable">Frame offsets from the first fragment's item tag, or empty.</param>
/// <param name="Fragments">Each fragment's bytes.</param>
/// <param name="FragmentOffsets">Each fragment's item offset, relative to the first fragment's item tag.</param>
public sealed record EncapsulatedFragments(IReadOnlyList<uint> OffsetTable, IReadOnlyList<ReadOnlyMemory<byte>> Fragments, IReadOnlyList<long> FragmentOffsets)
{
    /// <summary>The compressed bytes of each of <paramref name="frames"/> frames: by the offset table when there is
    /// one, one fragment a frame when the counts agree, all fragments joined for a single frame, and else split where a
    /// fragment opens a JPEG or JPEG 2000 codestream (PS3.5 A.4: a frame's first fragment starts its codestream).</summary>
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

        var starts = Enumerable.Range(0, Fragments.Count).Where(i => OpensCodestream(Fragments[i].Span)).ToList();
        if (starts.Count == frames && starts[0] == 0)
        {
            return [.. starts.Select((first, f) => Join(Enumerable.Range(first, (f + 1 < frames ? starts[f + 1] : Fragments.Count) - first)))];
        }

        throw new DicomDataException($"{Fragments.Count} pixel data fragments, no usable offset table, and {starts.Count} of them open a JPEG codestream, for {frames} frames");
    }

    // JPEG and JPEG-LS start with SOI (FFD8), a JPEG 2000 codestream with SOC (FF4F) then SIZ (FF51).
    private static bool OpensCodestream(ReadOnlySpan<byte> fragment) =>
        fragment is [0xFF, 0xD8, 0xFF, ..] || fragment is [0xFF, 0x4F, 0xFF, 0x51, ..];

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
