using Conduit.Abstractions.Memory;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Fcs.Reading;
using Conduit.Plugins.Fcs.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Fcs.Tests.Stages;

public sealed class FcsStageTests
{
    private static float[] Values(IEnumerable<EventChunk> chunks) =>
        [.. chunks.SelectMany(c => MemoryMarshal.Cast<byte, float>(c.Values.Span[..(int)c.Layout.ByteLength]).ToArray())];

    [Theory]
    [InlineData("flowio/data1.fcs", 1000)]
    [InlineData("fcsparser/Cytek_xP5.fcs", 4096)]
    [InlineData("flowcal/Data002.fcs", 7000)]
    [InlineData("flowio/variable_int_example.fcs", 1)]
    public async Task Read_streams_every_event_in_chunks_equal_to_a_whole_read(string file, int chunkEvents)
    {
        using var harness = new StageHarness();
        var path = SharedFcs.File(file);
        var expected = FcsEvents.ReadAll(FcsFile.Open(path), preprocess: true);

        var chunks = await harness.RunSourceAsync(new ReadFcsStage(new ReadFcsOptions { Path = path, ChunkEvents = chunkEvents, Preprocess = true }));

        Assert.Equal(expected.Select(v => (float)v), Values(chunks));
        Assert.Equal(0, chunks[0].FirstEvent);
        Assert.All(chunks, c => Assert.True(c.Layout.Rows <= chunkEvents));
        Assert.Equal(expected.Length / chunks[0].Layout.Channels.Count, harness.Progress.Done);
        foreach (var chunk in chunks)
        {
            chunk.Dispose();
        }
    }

    [Fact]
    public async Task Plot_reserves_its_sample_from_the_budget_before_allocating_it()
    {
        // 200,000 events × 8 channels of doubles is 12.2 MiB, more than a 4 MiB budget can ever hold: refused, not allocated.
        using var reader = new StageHarness();
        var chunks = await reader.RunSourceAsync(new ReadFcsStage(new ReadFcsOptions { Path = SharedFcs.File("flowio/data1.fcs"), Preprocess = true }));
        using var harness = new StageHarness(budgetBytes: 4 << 20);

        var error = await Assert.ThrowsAsync<MemoryBudgetExceededException>(() => harness.RunSinkAsync(new PlotFcsStage(new PlotFcsOptions { Path = "plot.png" }), chunks));

        Assert.Contains("a request for 12.21 MiB can never fit", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Context.Budget.ReservedBytes);
    }

    [Fact]
    public async Task Read_as_float64_keeps_32_bit_integers_exact()
    {
        using var harness = new StageHarness();
        var path = SharedFcs.File("flowio/B01_KC-A-W---91-US.fcs");
        var expected = FcsEvents.ReadAll(FcsFile.Open(path));

        var chunks = await harness.RunSourceAsync(new ReadFcsStage(new ReadFcsOptions { Path = path, ChunkEvents = 500, Values = EventValues.Float64 }));

        Assert.Equal(expected, chunks.SelectMany(c => MemoryMarshal.Cast<byte, double>(c.Values.Span[..(int)c.Layout.ByteLength]).ToArray()));
        foreach (var chunk in chunks)
        {
            chunk.Dispose();
        }
    }

    [Fact]
    public async Task Concat_numbers_events_on_across_files_and_refuses_other_channels_by_name()
    {
        using var harness = new StageHarness();
        var data1 = SharedFcs.File("flowio/data1.fcs");
        var chunks = await harness.RunSourceAsync(new ConcatFcsStage(new ConcatFcsOptions { Inputs = [data1, data1], ChunkEvents = 5000 }));

        Assert.Equal(2 * 13367, chunks.Sum(c => c.Layout.Rows));
        Assert.Equal(13367, chunks.First(c => c.FirstEvent >= 13367).FirstEvent);
        foreach (var chunk in chunks)
        {
            chunk.Dispose();
        }

        var error = await Assert.ThrowsAsync<FcsDataException>(() => harness.RunSourceAsync(new ConcatFcsStage(new ConcatFcsOptions { Inputs = [data1, SharedFcs.File("flowcore/060909.001")] })));
        Assert.Contains("concatenated files need the same channels", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("060909.001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concat_keeps_the_keywords_the_inputs_agree_on_and_the_writer_writes_them()
    {
        using var harness = new StageHarness();
        string Input(string name, string file, string btim, string etim, string voltage)
        {
            var keywords = FcsBuilder.Keywords("F", "1,2,3,4", 2, ("FSC-A", 32, "1024"), ("CD3", 32, "1024"));
            keywords.AddRange([("$CYT", "Aurora"), ("$FIL", file), ("$BTIM", btim), ("$ETIM", etim), ("$P2S", "CD3 FITC"), ("$P2V", voltage), ("LAB NOTE", "plate 7")]);
            var path = harness.Directory.File(name);
            File.WriteAllBytes(path, FcsBuilder.Build(keywords, new byte[16]));
            return path;
        }

        var a = Input("a.fcs", "a.fcs", "09:00:00", "09:05:00", "400");
        var b = Input("b.fcs", "b.fcs", "09:10:00", "09:15:00", "450");
        var chunks = await harness.RunSourceAsync(new ConcatFcsStage(new ConcatFcsOptions { Inputs = [a, b] }));
        var output = harness.Directory.File("all.fcs");
        await harness.RunSinkAsync(new WriteFcsStage(new WriteFcsOptions { Path = output }), chunks);
        harness.CommitOutputs();

        var written = FcsFile.Open(output).DataSets[0].Keywords;
        Assert.Equal("Aurora", written["$CYT"]);
        Assert.Equal("CD3 FITC", written["$P2S"]);
        Assert.Equal("plate 7", written["LAB NOTE"]);
        Assert.Equal("09:00:00", written["$BTIM"]);
        Assert.Equal("09:15:00", written["$ETIM"]);
        Assert.Null(written["$FIL"]);
        Assert.Null(written["$P2V"]);
        Assert.Equal(4, written.GetInt64("$TOT"));
    }

    [Fact]
    public void Layout_keywords_are_the_writers_and_everything_else_is_an_annotation()
    {
        Assert.True(FcsAnnotations.IsLayout("$P12N"));
        Assert.True(FcsAnnotations.IsLayout("$p3datatype"));
        Assert.True(FcsAnnotations.IsLayout("$TOT"));
        Assert.False(FcsAnnotations.IsLayout("$P3S"));
        Assert.False(FcsAnnotations.IsLayout("$SPILLOVER"));
    }

    [Fact]
    public async Task Raw_log_amplified_channels_are_refused_as_float32_and_kept_with_their_PnE_as_integers()
    {
        using var harness = new StageHarness();
        var chunks = await harness.RunSourceAsync(new ReadFcsStage(new ReadFcsOptions { Path = SharedFcs.File("flowio/coulter.lmd") }));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.RunSinkAsync(new WriteFcsStage(new WriteFcsOptions { Path = "float.fcs" }), chunks.Select(c => (EventChunk)c.Share()).ToList()));
        Assert.Contains("channel 3 (FL1 Log) is log-amplified ($P3E", error.Message, StringComparison.Ordinal);

        await harness.RunSinkAsync(new WriteFcsStage(new WriteFcsOptions { Path = "int.fcs", DataType = Conduit.Plugins.Fcs.Writing.FcsWriteFormat.Int16 }), chunks);
        var path = Assert.Single(harness.CommitOutputs(), p => p.EndsWith("int.fcs", StringComparison.Ordinal));
        var written = FcsFile.Open(path);
        Assert.Equal(4, written.DataSets[0].Channels[2].Decades);
        var expected = FcsEvents.ReadAll(FcsFile.Open(SharedFcs.File("flowio/coulter.lmd")), 0, preprocess: true);
        var actual = FcsEvents.ReadAll(written, 0, preprocess: true);
        Assert.Equal(expected[2], actual[2], 6);
    }
}
