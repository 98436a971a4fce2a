using Conduit.Abstractions.Messages;
using Conduit.Plugins.Fcs.Reading;
using Conduit.Testing.Memory;

namespace Conduit.Fuzz.Targets;

/// <summary>An FCS file read strictly and leniently (HEADER, TEXT, supplemental TEXT, ANALYSIS, CRC, the
/// <c>$NEXTDATA</c> chain), then every event of every data set, compensated, as <c>fcs.read</c> streams them.</summary>
internal sealed class FcsTarget : FuzzTarget
{
    public override string Name => "fcs";

    public override string Description => "FCS 2.0-3.2: header, TEXT and supplemental TEXT, $NEXTDATA chains, every event decoded and compensated";

    // The reader keeps TEXT as strings (about 2 bytes of string per byte, then keyword tables), and events come in
    // pooled chunks; delimited ASCII is parsed into one array of doubles (at most 8 bytes per 2 bytes of DATA).
    public override AllocationBound Bound => new(64, BudgetBytes + (16 << 20));

    public override void Run(byte[] input)
    {
        var path = ScratchFiles.Write("input.fcs", input);
        try
        {
            FcsFile.Open(path, FcsReadOptions.Default);
        }
        catch (Plugins.Fcs.FcsDataException)
        {
            // The lenient read below is what inspect does; it must cope with what the strict one refuses.
        }

        var file = FcsFile.Open(path, new FcsReadOptions { Lenient = true, VerifyCrc = true });
        using var pool = new LeakCheckingPool("fuzz", BudgetBytes);
        for (var d = 0; d < file.DataSets.Count; d++)
        {
            ReadEvents(file, d, pool);
        }
    }

    private static void ReadEvents(FcsFile file, int dataSetIndex, LeakCheckingPool pool)
    {
        var dataSet = file.DataSets[dataSetIndex];
        if (dataSet.DataStart < 0)
        {
            return;
        }

        if (dataSet.DataType == FcsDataType.Ascii && dataSet.BytesPerEvent == 0)
        {
            foreach (var _ in FcsEvents.ReadChunks(file, dataSetIndex, preprocess: true))
            {
            }

            return;
        }

        using var reader = new FcsChunkReader(file, dataSetIndex, EventValueType.Float32, preprocess: true);
        for (long e = 0; e < dataSet.EventCount; e += 4096)
        {
            using var chunk = reader.ReadAsync(pool, e, 4096, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }
}
