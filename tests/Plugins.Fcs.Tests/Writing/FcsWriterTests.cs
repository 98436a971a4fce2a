using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Conduit.Plugins.Fcs.Reading;
using Conduit.Plugins.Fcs.Stages;
using Conduit.Plugins.Fcs.Writing;
using Conduit.Testing.Files;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Fcs.Tests.Writing;

public sealed class FcsWriterTests : IDisposable
{
    private static readonly string[] Required =
        ["$BEGINANALYSIS", "$BEGINDATA", "$BEGINSTEXT", "$BYTEORD", "$DATATYPE", "$ENDANALYSIS", "$ENDDATA", "$ENDSTEXT", "$MODE", "$NEXTDATA", "$PAR", "$TOT"];

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Strict checks of a written file: HEADER and TEXT agree, every required keyword is there, CRC field present.</summary>
    private static void AssertValid(string path)
    {
        var file = FcsFile.Open(path);
        var dataSet = Assert.Single(file.DataSets);
        Assert.Equal("FCS3.1", dataSet.Version);
        Assert.Empty(dataSet.Diagnostics);
        foreach (var keyword in Required)
        {
            Assert.True(dataSet.Keywords.Contains(keyword), $"{keyword} is missing");
        }

        for (var n = 1; n <= dataSet.Channels.Count; n++)
        {
            foreach (var suffix in new[] { "B", "E", "N", "R" })
            {
                Assert.True(dataSet.Keywords.Contains($"$P{n}{suffix}"), $"$P{n}{suffix} is missing");
            }
        }

        Assert.Equal(dataSet.Keywords.GetInt64("$BEGINDATA"), dataSet.DataStart);
        Assert.Equal(dataSet.DataStart + dataSet.DataLength - 1, dataSet.Keywords.GetInt64("$ENDDATA"));
        if (dataSet.Header.DataStart is > 0)
        {
            Assert.Equal(dataSet.DataStart, dataSet.Header.DataStart);
        }

        Assert.Equal(dataSet.DataStart + dataSet.DataLength + 8, file.Length);
        Assert.Equal("00000000"u8.ToArray(), File.ReadAllBytes(path)[^8..]);
    }

    [Fact]
    public async Task Read_then_write_round_trips_a_real_file_and_passes_strict_checks()
    {
        using var harness = new StageHarness();
        var source = SharedFcs.File("flowkit/test_comp_example.fcs");
        var chunks = await harness.RunSourceAsync(new ReadFcsStage(new ReadFcsOptions { Path = source, ChunkEvents = 3000 }));
        var expected = FcsEvents.ReadAll(FcsFile.Open(source)).Select(v => (double)(float)v).ToArray();

        await harness.RunSinkAsync(new WriteFcsStage(new WriteFcsOptions { Path = "out/copy.fcs", Cytometer = "FACSAria / II" }), chunks);
        var written = Assert.Single(harness.CommitOutputs());

        AssertValid(written);
        var copy = FcsFile.Open(written);
        Assert.Equal(expected, FcsEvents.ReadAll(copy));
        Assert.Equal("FACSAria / II", copy.DataSets[0].Keywords["$CYT"]);
        Assert.Equal(FcsFile.Open(source).DataSets[0].Channels.Select(c => c.Name), copy.DataSets[0].Channels.Select(c => c.Name));
    }

    [Fact]
    public async Task Float64_rows_are_converted_and_zero_events_still_make_a_valid_file()
    {
        var path = _directory.File("f64.fcs");
        await using (var stream = File.Create(path))
        {
            var writer = await FcsWriter.BeginAsync(stream, [new FcsWriterChannel("A"), new FcsWriterChannel("B/C", "with a delimiter")], cancellationToken: TestContext.Current.CancellationToken);
            double[] rows = [1.5, -2, 3, 4e6];
            await writer.WriteFloat64Async(MemoryMarshal.AsBytes(rows.AsSpan()).ToArray(), TestContext.Current.CancellationToken);
            await writer.CompleteAsync(TestContext.Current.CancellationToken);
        }

        AssertValid(path);
        var file = FcsFile.Open(path);
        Assert.Equal([1.5, -2, 3, 4e6], FcsEvents.ReadAll(file));
        Assert.Equal("B/C", file.DataSets[0].Channels[1].Name);
        Assert.Equal(4194304, file.DataSets[0].Channels[1].Range);

        var empty = _directory.File("empty.fcs");
        await using (var stream = File.Create(empty))
        {
            var writer = await FcsWriter.BeginAsync(stream, [new FcsWriterChannel("A")], cancellationToken: TestContext.Current.CancellationToken);
            await writer.CompleteAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, FcsFile.Open(empty).DataSets[0].EventCount);
    }

    [Theory]
    [InlineData(FcsWriteFormat.Int16, 65535.0)]
    [InlineData(FcsWriteFormat.Int32, 4294967295.0)]
    public async Task Integer_formats_round_and_clamp_and_read_back(FcsWriteFormat format, double max)
    {
        var path = _directory.File($"{format}.fcs");
        await using (var stream = File.Create(path))
        {
            var writer = await FcsWriter.BeginAsync(stream, [new FcsWriterChannel("A"), new FcsWriterChannel("B")], null, format, TestContext.Current.CancellationToken);
            double[] rows = [1.4, 1.6, -5, 1e12, 123456789, double.NaN];
            await writer.WriteFloat64Async(MemoryMarshal.AsBytes(rows.AsSpan()).ToArray(), TestContext.Current.CancellationToken);
            await writer.CompleteAsync(TestContext.Current.CancellationToken);
        }

        AssertValid(path);
        var dataSet = FcsFile.Open(path).DataSets[0];
        Assert.Equal(FcsDataType.Integer, dataSet.DataType);
        Assert.Equal([1, 2, 0, max, Math.Min(123456789, max), 0], FcsEvents.ReadAll(FcsFile.Open(path)));
    }

    [Fact]
    public async Task Float32_rows_are_written_from_the_callers_memory_without_a_copy()
    {
        var rows = new byte[4 << 20];
        // Pre-sized, so that writes complete at once and the count below stays on this thread.
        await using var stream = new MemoryStream(8 << 20);
        var writer = await FcsWriter.BeginAsync(stream, [new FcsWriterChannel("A"), new FcsWriterChannel("B")], cancellationToken: TestContext.Current.CancellationToken);
        await writer.WriteAsync(rows.AsMemory(0, 8), TestContext.Current.CancellationToken);

        var before = GC.GetAllocatedBytesForCurrentThread();
        await writer.WriteAsync(rows, TestContext.Current.CancellationToken);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 64 << 10, $"{allocated} bytes allocated to write 4 MiB");
    }

    [Theory]
    [InlineData(FcsWriteFormat.Int16, false)]
    [InlineData(FcsWriteFormat.Int32, true)]
    [InlineData(FcsWriteFormat.Float32, true)]
    public async Task Converting_a_large_chunk_rents_one_batch_whatever_its_size(FcsWriteFormat format, bool fromFloat64)
    {
        // 4 Mi values: converted all at once they would take 8 to 16 MiB of scratch; fcs.write's estimate says 256 KiB.
        // A memory stream sized in advance completes every write at once, so the awaits stay on this thread and its
        // allocation count is the writer's alone (tests of other classes run on other threads meanwhile).
        var rows = new byte[(4 << 20) * (fromFloat64 ? sizeof(double) : sizeof(float))];
        await using var stream = new MemoryStream(20 << 20);
        var writer = await FcsWriter.BeginAsync(stream, [new FcsWriterChannel("A"), new FcsWriterChannel("B")], null, format, TestContext.Current.CancellationToken);
        await WriteAsync(rows.AsMemory(0, fromFloat64 ? 16 : 8));

        var before = GC.GetAllocatedBytesForCurrentThread();
        await WriteAsync(rows);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated <= FcsWriter.ScratchBytes + (64 << 10), $"{allocated} bytes allocated to convert {rows.Length} bytes");
        ValueTask WriteAsync(ReadOnlyMemory<byte> values) => fromFloat64
            ? writer.WriteFloat64Async(values, TestContext.Current.CancellationToken)
            : writer.WriteAsync(values, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Files_past_99999999_bytes_keep_their_offsets_in_TEXT_only()
    {
        var path = _directory.File("large.fcs");
        var block = new byte[4 << 20];
        MemoryMarshal.Cast<byte, float>(block.AsSpan()).Fill(2.5f);
        await using (var stream = File.Create(path))
        {
            var writer = await FcsWriter.BeginAsync(stream, [new FcsWriterChannel("A")], cancellationToken: TestContext.Current.CancellationToken);
            for (var i = 0; i < 25; i++)
            {
                await writer.WriteAsync(block, TestContext.Current.CancellationToken);
            }

            await writer.CompleteAsync(TestContext.Current.CancellationToken);
        }

        var dataSet = FcsFile.Open(path).DataSets[0];
        Assert.Equal(0, dataSet.Header.DataStart);
        Assert.Equal(25L * (1 << 20), dataSet.EventCount);
        AssertValid(path);
    }

    [Fact]
    public async Task An_independent_numpy_reader_reads_what_we_write()
    {
        if (!NumpyAvailable())
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("/usr/bin/python3 with numpy is required under CI=true (apt-get install python3-numpy)");
            }

            Assert.Skip("/usr/bin/python3 with numpy is not installed (apt-get install python3-numpy)");
        }

        using var harness = new StageHarness();
        var source = SharedFcs.File("flowio/G11.fcs");
        var chunks = await harness.RunSourceAsync(new ReadFcsStage(new ReadFcsOptions { Path = source }));
        await harness.RunSinkAsync(new WriteFcsStage(new WriteFcsOptions { Path = "g11.fcs" }), chunks);
        var written = Assert.Single(harness.CommitOutputs());
        var expected = FcsEvents.ReadAll(FcsFile.Open(source));

        var script = """
            import sys, numpy as np
            d = open(sys.argv[1], 'rb').read()
            assert d[:6] == b'FCS3.1'
            ts, te = int(d[10:18]), int(d[18:26])
            text = d[ts:te + 1]
            delim = text[:1]
            parts = text[1:].replace(delim + delim, b'\0').split(delim)
            kw = {parts[i].replace(b'\0', delim).decode().upper(): parts[i + 1].replace(b'\0', delim).decode() for i in range(0, len(parts) - 1, 2)}
            assert kw['$DATATYPE'] == 'F' and kw['$BYTEORD'] == '1,2,3,4'
            begin, end = int(kw['$BEGINDATA']), int(kw['$ENDDATA'])
            assert int(d[26:34]) in (0, begin) and int(d[34:42]) in (0, end)
            events = np.frombuffer(d[begin:end + 1], dtype='<f4').reshape(int(kw['$TOT']), int(kw['$PAR']))
            print(events.shape[0], events.shape[1], repr(float(events.astype(np.float64).sum())), repr(float(events[0, 0])))
            """;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-");
        start.ArgumentList.Add(written);
        using var python = Process.Start(start)!;
        await python.StandardInput.WriteAsync(script);
        python.StandardInput.Close();
        var output = await python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(python.ExitCode == 0, error);
        var fields = output.Split(' ', StringSplitOptions.TrimEntries);
        Assert.Equal(5785, int.Parse(fields[0], CultureInfo.InvariantCulture));
        Assert.Equal(12, int.Parse(fields[1], CultureInfo.InvariantCulture));
        Assert.Equal(expected.Select(v => (double)(float)v).Sum(), double.Parse(fields[2], CultureInfo.InvariantCulture), 1e-6 * Math.Abs(expected.Sum()));
        Assert.Equal((float)expected[0], (float)double.Parse(fields[3], CultureInfo.InvariantCulture));
    }

    private static bool NumpyAvailable()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return false;
        }

        using var probe = Process.Start(new ProcessStartInfo("/usr/bin/python3", "-c \"import numpy\"") { RedirectStandardError = true })!;
        probe.WaitForExit();
        return probe.ExitCode == 0;
    }
}
