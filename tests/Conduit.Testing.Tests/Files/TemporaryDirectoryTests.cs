using Conduit.Testing.Files;

namespace Conduit.Testing.Tests.Files;

public sealed class TemporaryDirectoryTests
{
    [Fact]
    public void The_folder_and_everything_in_it_go_when_disposed()
    {
        var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.File("nested"));
        File.WriteAllText(directory.File("nested/a.txt"), "a");
        File.WriteAllText(directory.File("b.txt"), "b");

        Assert.Equal(2, directory.ListFiles().Count);
        directory.Dispose();

        Assert.False(Directory.Exists(directory.Path));
    }
}
