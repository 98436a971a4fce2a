using Conduit.Engine.Outputs;
using Conduit.Testing.Files;

namespace Conduit.Engine.Tests.Outputs;

public sealed class AtomicOutputFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_output_written_past_several_write_backs_then_patched_at_its_start_and_shortened_reads_back_byte_for_byte()
    {
        // 20 MiB crosses the 8 MiB write-back interval twice; the writes mix every way a stage writes, then go back to
        // the start (as dicos.write-ct does for its header), read what is there, and cut the tail.
        var expected = new byte[20 << 20];
        new Random(7).NextBytes(expected);
        using (var file = new AtomicOutputFile(_directory.File("out.bin")))
        {
            var stream = file.Stream;
            stream.Position = 100;
            await stream.WriteAsync(expected.AsMemory(100, 9 << 20), TestContext.Current.CancellationToken);
            stream.Write(expected.AsSpan(100 + (9 << 20), 9 << 20));
            for (var i = 100 + (18 << 20); i < expected.Length; i++)
            {
                stream.WriteByte(expected[i]);
            }

            stream.Write(new byte[4096]);
            stream.SetLength(expected.Length);
            stream.Position = 0;
            stream.Write(expected.AsSpan(0, 100));
            var back = new byte[4096];
            stream.Position = 10 << 20;
            stream.ReadExactly(back);
            Assert.True(back.AsSpan().SequenceEqual(expected.AsSpan(10 << 20, 4096)));
            await file.CompleteAsync(TestContext.Current.CancellationToken);
            file.Commit();
        }

        var written = await File.ReadAllBytesAsync(_directory.File("out.bin"), TestContext.Current.CancellationToken);
        Assert.Equal(expected.Length, written.Length);
        Assert.True(written.AsSpan().SequenceEqual(expected), "the file differs from what was written");
    }
}
