using Conduit.Engine.Jobs;
using Conduit.Engine.Tests.TestStages;

namespace Conduit.Engine.Tests.Jobs;

public sealed class JobValidatorTests
{
    [Fact]
    public void A_sound_job_becomes_a_plan_in_dependency_order()
    {
        var result = TestPlugin.Validate("""
            { "name": "ok", "stages": [
              { "id": "sink", "use": "test.collect", "from": "pass" },
              { "id": "pass", "use": "test.pass", "from": "count" },
              { "id": "count", "use": "test.count", "with": { "count": 3 } } ] }
            """);

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal(["count", "pass", "sink"], result.Plan!.Stages.Select(s => s.Id));
        Assert.Equal(3, ((CountOptions)result.Plan.Stages[0].Options).Count);
    }

    [Fact]
    public void Unknown_type_missing_from_and_wrong_option_type_are_all_reported_with_path_and_line()
    {
        var result = TestPlugin.Validate("""
            {
              "name": "three problems",
              "stages": [
                { "id": "count", "use": "test.count", "with": { "count": "many" } },
                { "id": "mystery", "use": "test.nonesuch", "from": "count" },
                { "id": "sink", "use": "test.collect", "from": "nowhere" }
              ]
            }
            """, path: "bad.json");

        Assert.False(result.IsValid);
        var errors = result.Errors.ToDictionary(e => e.Path);
        Assert.Equal(3, errors.Count);
        Assert.Equal(4, errors["$.stages[0].with.count"].Line);
        Assert.Equal("expected an integer, found \"many\"", errors["$.stages[0].with.count"].Message);
        Assert.Equal(5, errors["$.stages[1].use"].Line);
        Assert.StartsWith("unknown stage type \"test.nonesuch\"", errors["$.stages[1].use"].Message, StringComparison.Ordinal);
        Assert.Equal(6, errors["$.stages[2].from"].Line);
        Assert.Equal("no stage has id \"nowhere\" (stage ids: count, mystery, sink)", errors["$.stages[2].from"].Message);
        Assert.Contains("bad.json:4: $.stages[0].with.count: expected an integer", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_stage_type_gets_a_suggestion()
    {
        var result = TestPlugin.Validate("""{ "name": "x", "stages": [ { "id": "a", "use": "test.cont" } ] }""");

        Assert.Contains("did you mean \"test.count\"?", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_reported()
    {
        var result = TestPlugin.Validate("""
            { "name": "loop", "stages": [
              { "id": "a", "use": "test.pass", "from": "b" },
              { "id": "b", "use": "test.pass", "from": "a" } ] }
            """);

        Assert.Contains(result.Errors, e => e.Message.StartsWith("stages form a cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void A_message_type_mismatch_names_both_types()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "stages": [
              { "id": "count", "use": "test.count" },
              { "id": "frames", "use": "test.rich", "from": "count", "with": { "name": "n" } } ] }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.stages[1].from", error.Path);
        Assert.Equal("stage \"count\" (test.count) writes TestMessage messages but test.rich reads ImageFrame", error.Message);
    }

    [Fact]
    public void Source_with_from_sink_without_from_and_reading_a_sink_are_reported()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "stages": [
              { "id": "count", "use": "test.count", "from": "sink" },
              { "id": "sink", "use": "test.collect" },
              { "id": "after", "use": "test.collect", "from": "sink" } ] }
            """);

        var paths = result.Errors.Select(e => e.Path).ToList();
        Assert.Contains("$.stages[0].from", paths);
        Assert.Contains("$.stages[1]", paths);
        Assert.Contains("$.stages[2].from", paths);
    }

    [Fact]
    public void Duplicate_ids_are_reported()
    {
        var result = TestPlugin.Validate("""{ "name": "x", "stages": [ { "id": "a", "use": "test.count" }, { "id": "a", "use": "test.count" } ] }""");

        Assert.Equal("$.stages[1].id", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void Every_bad_option_is_reported_at_once()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "stages": [
              { "id": "c", "use": "test.count" },
              { "id": "r", "use": "test.rich", "from": "c", "with": {
                  "count": 1000, "mode": "slow", "chunk": "big", "ratio": "half", "colour": "red", "tags": "one" } } ] }
            """);

        var errors = result.Errors.Where(e => e.Path.StartsWith("$.stages[1].with", StringComparison.Ordinal)).ToDictionary(e => e.Path, e => e.Message);
        Assert.Equal("expected one of \"fast\", \"ram-lak\", found \"slow\"", errors["$.stages[1].with.mode"]);
        Assert.StartsWith("expected a size such as \"64 MiB\"", errors["$.stages[1].with.chunk"], StringComparison.Ordinal);
        Assert.Equal("expected a number, found \"half\"", errors["$.stages[1].with.ratio"]);
        Assert.StartsWith("unknown option \"colour\"", errors["$.stages[1].with.colour"], StringComparison.Ordinal);
        Assert.Equal("expected an array, found \"one\"", errors["$.stages[1].with.tags"]);
        Assert.Equal("missing required option \"name\"", errors["$.stages[1].with"]);
    }

    [Fact]
    public void Data_annotations_are_checked_after_binding()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "stages": [
              { "id": "c", "use": "test.count" },
              { "id": "r", "use": "test.rich", "from": "c", "with": { "name": "n", "count": 1000, "mode": "ram-lak" } } ] }
            """);

        var error = Assert.Single(result.Errors, e => e.Path != "$.stages[1].from");
        Assert.Equal("$.stages[1].with.count", error.Path);
        Assert.Contains("between 1 and 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slab_pools_that_do_not_fit_the_budget_are_reported()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "memory": { "budget": "8 MiB", "pools": { "slices": { "kind": "slab", "size": "1 MiB", "count": 16 } } },
              "stages": [ { "id": "c", "use": "test.count", "with": { "bytes": 0 } } ] }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.memory.pools.slices", error.Path);
        Assert.Contains("16 × 1 MiB = 16 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_whose_estimate_exceeds_its_own_budget_is_reported_with_the_formula()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "memory": { "budget": "16 MiB" },
              "stages": [ { "id": "c", "use": "test.count", "budget": "4 MiB", "with": { "bytes": 8388608 } } ] }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.stages[0]", error.Path);
        Assert.Equal("needs an estimated 8 MiB (bytes), more than its budget of 4 MiB", error.Message);
    }

    [Fact]
    public void Messages_in_flight_count_against_the_budget_through_transforms_without_estimators()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "memory": { "budget": "64 MiB" }, "channelCapacity": 3,
              "stages": [ { "id": "a", "use": "test.count", "with": { "bytes": 1048576 } },
                          { "id": "p", "use": "test.pass", "from": "a" },
                          { "id": "s", "use": "test.collect", "from": "p" } ] }
            """);

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal((1 + 4 + 4) << 20, result.Plan!.EstimatedPeakBytes);
    }

    [Fact]
    public void Stages_that_fit_alone_but_not_together_are_reported()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "memory": { "budget": "16 MiB" },
              "stages": [ { "id": "a", "use": "test.count", "with": { "bytes": 3145728 } },
                          { "id": "b", "use": "test.count", "with": { "bytes": 3145728 } },
                          { "id": "s", "use": "test.collect", "from": ["a", "b"] } ] }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.memory.budget", error.Path);
        Assert.Contains("a: 27 MiB, b: 27 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lease_the_pool_rounds_past_the_stage_budget_is_reported()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "memory": { "budget": "1 GiB" },
              "stages": [ { "id": "c", "use": "test.count", "budget": "48 MiB", "with": { "bytes": 41943040 } } ] }
            """);

        Assert.Contains("costs 64 MiB in a managed pool", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_named_twice_in_from_is_reported()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "stages": [ { "id": "c", "use": "test.count" }, { "id": "s", "use": "test.collect", "from": ["c", "c"] } ] }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.stages[1].from[1]", error.Path);
    }

    [Fact]
    public void A_slab_of_zero_bytes_is_reported()
    {
        var result = TestPlugin.Validate("""
            { "name": "x", "memory": { "pools": { "s": { "kind": "slab", "size": 0, "count": 2 } } }, "stages": [ { "id": "c", "use": "test.count" } ] }
            """);

        Assert.Equal("$.memory.pools.s.size", Assert.Single(result.Errors).Path);
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udfff tail")]
    public void Undecodable_text_in_an_option_is_an_error_not_a_crash(string escaped)
    {
        var result = TestPlugin.Validate("{ \"name\": \"x\", \"stages\": [ { \"id\": \"c\", \"use\": \"test.count\" }, { \"id\": \"r\", \"use\": \"test.rich\", \"from\": \"c\", \"with\": { \"name\": \"" + escaped + "\" } } ] }");

        Assert.Contains(result.Errors, e => e.Path.StartsWith("$.stages[1].with", StringComparison.Ordinal));
    }

    [Fact]
    public void Sizes_too_large_for_64_bits_are_errors()
    {
        var result = TestPlugin.Validate("""{ "name": "x", "memory": { "budget": "100000000000000000 TiB" }, "stages": [ { "id": "c", "use": "test.count" } ] }""");

        Assert.Equal("$.memory.budget", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void A_job_file_with_a_byte_order_mark_is_read()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes("""{ "name": "x", "stages": [ { "id": "c", "use": "test.count" } ] }""")).ToArray();

        var result = new JobValidator(TestPlugin.Create().Catalog).Validate(JobReader.Read(bytes));

        Assert.True(result.IsValid, result.Describe());
    }
}
