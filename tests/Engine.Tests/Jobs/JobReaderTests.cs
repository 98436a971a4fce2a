using System.Text;
using Conduit.Engine.Jobs;

namespace Conduit.Engine.Tests.Jobs;

public sealed class JobReaderTests
{
    private static JobDocument Read(string json) => JobReader.Read(Encoding.UTF8.GetBytes(json), "job.json");

    [Fact]
    public void Reads_a_complete_job()
    {
        var document = Read("""
            {
              // comments are allowed
              "name": "demo",
              "channelCapacity": 4,
              "memory": { "budget": "2 GiB", "pools": { "slices": { "kind": "slab", "size": "1 MiB", "count": 64 } } },
              "stages": [
                { "id": "a", "use": "x.source", "with": { "n": 1 } },
                { "id": "b", "use": "x.sink", "from": ["a"], "budget": "16 MiB", "capacity": 3 },
              ]
            }
            """);

        Assert.Empty(document.Errors);
        var job = document.Definition!;
        Assert.Equal("demo", job.Name);
        Assert.Equal(4, job.ChannelCapacity);
        Assert.Equal(2L << 30, job.Memory.Budget.Bytes);
        Assert.Equal(64, job.Memory.Pools["slices"].Count);
        Assert.Equal(1 << 20, job.Memory.Pools["slices"].Size!.Value.Bytes);
        Assert.Equal(["a"], job.Stages[1].From);
        Assert.Equal(16 << 20, job.Stages[1].Budget!.Value.Bytes);
        Assert.Equal(1, job.Stages[0].With!.Value.GetProperty("n").GetInt32());
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line()
    {
        var document = Read("{\n  \"name\": \"x\",\n  \"stages\": [\n    { \"id\": \"a\" \"use\": \"b\" }\n  ]\n}");

        var error = Assert.Single(document.Errors);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Null(document.Definition);
    }

    [Fact]
    public void Every_structural_problem_is_reported_at_once_with_path_and_line()
    {
        var document = Read("""
            {
              "nme": "typo",
              "memory": { "budget": "lots", "pools": { "p": { "kind": "magic" } } },
              "channelCapacity": 0,
              "stages": [
                { "id": "ok", "use": "x.y", "from": 3 },
                { "use": "x.y" },
                "not a stage"
              ]
            }
            """);

        var errors = document.Errors.Select(e => (e.Path, e.Line)).ToList();
        Assert.Contains(("$.nme", 2), errors);
        Assert.Contains(("$", 1), errors);
        Assert.Contains(("$.memory.budget", 3), errors);
        Assert.Contains(("$.memory.pools.p.kind", 3), errors);
        Assert.Contains(("$.channelCapacity", 4), errors);
        Assert.Contains(("$.stages[0].from", 6), errors);
        Assert.Contains(("$.stages[1]", 7), errors);
        Assert.Contains(("$.stages[2]", 8), errors);
        Assert.Equal(8, document.Errors.Count);
    }

    [Fact]
    public void A_slab_pool_without_size_or_count_is_reported()
    {
        var document = Read("""{ "name": "x", "memory": { "pools": { "s": { "kind": "slab" } } }, "stages": [ { "id": "a", "use": "x.y" } ] }""");

        Assert.Equal(2, document.Errors.Count(e => e.Path == "$.memory.pools.s"));
    }

    [Fact]
    public void An_unreadable_file_is_an_error_not_an_exception()
    {
        var document = JobReader.ReadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing.json"));

        Assert.Contains("cannot read the job file", Assert.Single(document.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"name\":")]
    [InlineData("{\"stages\":{}}")]
    [InlineData("{\"name\":\"x\",\"stages\":[{\"id\":\"a\",\"use\":\"b\",\"with\":[1]}]}")]
    public void Malformed_jobs_give_errors_and_never_throw(string json)
    {
        var document = Read(json);

        Assert.NotEmpty(document.Errors);
    }

    [Fact]
    public void Random_mutations_of_a_valid_job_never_throw()
    {
        var valid = Encoding.UTF8.GetBytes("""{"name":"n","memory":{"budget":"1 MiB","pools":{"p":{"kind":"slab","size":"4 KiB","count":2}}},"stages":[{"id":"a","use":"x.y","with":{"k":[1,2,{"z":null}]}},{"id":"b","use":"x.z","from":["a"]}]}""");
        var random = new Random(1234);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = valid.ToArray();
            var edits = random.Next(1, 4);
            for (var e = 0; e < edits; e++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(2) == 0 ? bytes.Length : random.Next(bytes.Length);
            _ = JobReader.Read(bytes.AsSpan(0, length), "fuzz.json");
        }
    }
}
