using Conduit.Engine.Jobs;
using Conduit.Engine.Tests.TestStages;
using NJsonSchema;

namespace Conduit.Engine.Tests.Jobs;

public sealed class JobSchemaGeneratorTests
{
    private static async Task<JsonSchema> SchemaAsync() =>
        await JsonSchema.FromJsonAsync(JobSchemaGenerator.GenerateText(TestPlugin.Create().Catalog), TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_valid_job_validates_against_the_schema()
    {
        var schema = await SchemaAsync();

        var errors = schema.Validate("""
            { "$schema": "job.schema.json", "name": "x", "memory": { "budget": "64 MiB", "pools": { "s": { "kind": "slab", "size": "1 MiB", "count": 4 } } },
              "stages": [ { "id": "c", "use": "test.count", "with": { "count": 3 } },
                          { "id": "r", "use": "test.rich", "from": "c", "with": { "name": "n", "mode": "ram-lak", "chunk": "2 MiB", "tags": ["a"] } } ] }
            """);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("""{ "name": "x", "stages": [ { "id": "c", "use": "test.count", "with": { "count": "many" } } ] }""")]
    [InlineData("""{ "name": "x", "stages": [ { "id": "c", "use": "test.count", "with": { "colour": 1 } } ] }""")]
    [InlineData("""{ "name": "x", "stages": [ { "id": "c", "use": "test.nonesuch" } ] }""")]
    [InlineData("""{ "name": "x", "stages": [ { "id": "c", "use": "test.count", "from": "d" } ] }""")]
    [InlineData("""{ "name": "x", "stages": [ { "id": "r", "use": "test.rich", "from": "c", "with": { "name": "n", "mode": "slow" } } ] }""")]
    [InlineData("""{ "name": "x", "stages": [ { "id": "r", "use": "test.rich", "from": "c", "with": { "name": "n", "chunk": "lots" } } ] }""")]
    [InlineData("""{ "name": "x", "memory": { "budget": "big" }, "stages": [ { "id": "c", "use": "test.count" } ] }""")]
    [InlineData("""{ "name": "x", "extra": 1, "stages": [ { "id": "c", "use": "test.count" } ] }""")]
    public async Task Jobs_the_validator_refuses_are_refused_by_the_schema_too(string json)
    {
        var schema = await SchemaAsync();

        Assert.NotEmpty(schema.Validate(json));
    }

    [Fact]
    public void Option_descriptions_come_from_xml_docs()
    {
        var schema = JobSchemaGenerator.Generate(TestPlugin.Create().Catalog);

        var count = schema["definitions"]!["test.rich"]!["properties"]!["count"]!;
        Assert.Equal("How many.", count["description"]!.GetValue<string>());
    }
}
