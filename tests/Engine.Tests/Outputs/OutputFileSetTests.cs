using Conduit.Engine.Outputs;
using Conduit.Testing.Files;

namespace Conduit.Engine.Tests.Outputs;

public sealed class OutputFileSetTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static async Task WriteAsync(AtomicOutputFile file, string text)
    {
        await file.Stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), TestContext.Current.CancellationToken);
        await file.CompleteAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_new_output_removes_partial_files_a_crashed_process_left_and_keeps_those_of_running_ones()
    {
        var stale = _directory.File($".out.cfr.{int.MaxValue - 3}-0badf00d.partial");
        var live = _directory.File($".out.cfr.{Environment.ProcessId}-0000cafe.partial");
        var other = _directory.File($".other.cfr.{int.MaxValue - 3}-0badf00d.partial");
        File.WriteAllText(stale, "left by a crash");
        File.WriteAllText(live, "being written by this process");
        File.WriteAllText(other, "another output's");

        using var file = new AtomicOutputFile(_directory.File("out.cfr"));

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.StartsWith($".out.cfr.{Environment.ProcessId}-", Path.GetFileName(file.TemporaryPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Committing_replaces_older_files_and_leaves_no_temporary_files()
    {
        await File.WriteAllTextAsync(_directory.File("a.txt"), "old", TestContext.Current.CancellationToken);
        var set = new OutputFileSet();
        await WriteAsync(set.Create(_directory.File("a.txt")), "new a");
        await WriteAsync(set.Create(_directory.File("b.txt")), "new b");

        set.CommitAll();

        Assert.Equal(["a.txt", "b.txt"], _directory.ListFiles());
        Assert.Equal("new a", await File.ReadAllTextAsync(_directory.File("a.txt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task When_one_rename_fails_no_output_is_committed_and_older_files_come_back()
    {
        await File.WriteAllTextAsync(_directory.File("a.txt"), "old", TestContext.Current.CancellationToken);
        var set = new OutputFileSet();
        await WriteAsync(set.Create(_directory.File("a.txt")), "new a");
        await WriteAsync(set.Create(_directory.File("z-is-a-folder")), "cannot replace a folder");

        // A folder takes the second output's name while the job runs (a folder there at the start is refused sooner).
        Directory.CreateDirectory(_directory.File("z-is-a-folder"));

        Assert.ThrowsAny<IOException>(() => set.CommitAll());
        set.DiscardAll();

        Assert.Equal(["a.txt"], _directory.ListFiles());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.File("z-is-a-folder")));
        Assert.Equal("old", await File.ReadAllTextAsync(_directory.File("a.txt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_file_never_completed_is_deleted_and_reported()
    {
        var set = new OutputFileSet();
        _ = set.Create(_directory.File("half.txt"));
        await WriteAsync(set.Create(_directory.File("whole.txt")), "done");

        var incomplete = set.CommitAll();

        Assert.Equal([_directory.File("half.txt")], incomplete);
        Assert.Equal(["whole.txt"], _directory.ListFiles());
    }
}
