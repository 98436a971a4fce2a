using System.Text;
using Conduit.Engine.Jobs;

namespace Conduit.Engine.Tests.Jobs;

public sealed class WorkItemJobsTests
{
    private const string Job = """
        { "name": "batch",
          "workItems": { "stage": "read", "option": "path", "values": ["in/a.fcs", "in/b.data.fcs", 7] },
          "stages": [
            { "id": "read", "use": "fcs.read", "with": { "lenient": true } },
            { "id": "write", "use": "fcs.write", "from": "read", "with": { "path": "out/{name}-{item}.fcs", "tags": ["{item}", { "deep": "{name}" }] } } ] }
        """;

    private static JobDocument Read(string json) => JobReader.Read(Encoding.UTF8.GetBytes(json), "job.json");

    [Fact]
    public void Each_item_sets_the_varying_option_and_fills_in_item_and_name_everywhere()
    {
        var document = Read(Job);
        Assert.Empty(document.Errors);
        Assert.Equal(3, WorkItemJobs.Count(document.Definition!));

        var second = WorkItemJobs.ForItem(document, 1).Definition!;
        var third = WorkItemJobs.ForItem(document, 2).Definition!;

        Assert.Equal("batch[1]", second.Name);
        Assert.Equal("""{"lenient":true,"path":"in/b.data.fcs"}""", second.Stages[0].With!.Value.GetRawText());
        Assert.Equal("""{"path":"out/b.data-1.fcs","tags":["1",{"deep":"b.data"}]}""", second.Stages[1].With!.Value.GetRawText());
        Assert.Equal("""{"lenient":true,"path":7}""", third.Stages[0].With!.Value.GetRawText());
        Assert.Equal("7", third.WorkItems!.Name(2));
    }

    [Fact]
    public void A_job_without_work_items_is_its_own_single_item()
    {
        var document = Read("""{ "name": "one", "stages": [ { "id": "a", "use": "x.y" } ] }""");
        Assert.Equal(1, WorkItemJobs.Count(document.Definition!));
        Assert.Same(document, WorkItemJobs.ForItem(document, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkItemJobs.ForItem(document, 1));
    }

    [Theory]
    [InlineData("\"out.fcs\"", "no option contains {item} or {name}")]
    [InlineData("\"out/{name}.fcs\"", "work items 0 and 1 have the same {name} \"a\"")]
    [InlineData("\"out/{name}-{item}.fcs\"", null)]
    public void Items_that_would_overwrite_each_others_outputs_are_named(string output, string? expected)
    {
        var document = Read($$"""
            { "name": "batch", "workItems": { "stage": "read", "option": "path", "values": ["x/a.fcs", "y/a.fcs"] },
              "stages": [ { "id": "read", "use": "fcs.read" }, { "id": "write", "use": "fcs.write", "from": "read", "with": { "path": {{output}} } } ] }
            """);
        var collision = WorkItemJobs.Collision(document.Definition!);
        if (expected is null)
        {
            Assert.Null(collision);
        }
        else
        {
            Assert.StartsWith(expected, collision, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{ "stage": "read", "option": "path" }""", "$.workItems.values: expected a non-empty array")]
    [InlineData("""{ "stage": "read", "option": "path", "values": [true] }""", "$.workItems.values[0]: expected a string or a number, found true")]
    [InlineData("""{ "stage": "read", "values": ["a"] }""", "$.workItems: missing \"option\"")]
    [InlineData("""{ "stage": "read", "option": "path", "values": ["a"], "each": 1 }""", "$.workItems.each: unknown key \"each\"")]
    public void Malformed_work_items_are_reported_with_their_json_path(string workItems, string expected)
    {
        var document = Read($$"""{ "name": "bad", "workItems": {{workItems}}, "stages": [ { "id": "read", "use": "x.y" } ] }""");
        Assert.Contains(document.Errors, e => $"{e.Path}: {e.Message}".StartsWith(expected, StringComparison.Ordinal));
    }
}
