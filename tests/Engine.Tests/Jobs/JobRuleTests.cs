using Conduit.Abstractions.Plugins;
using Conduit.Engine.Jobs;
using Conduit.Engine.Stages;
using Conduit.Engine.Tests.TestStages;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Engine.Tests.Jobs;

/// <summary>Checks across stages that plugins add (<see cref="IJobRule"/>), applied by the validator.</summary>
public sealed class JobRuleTests
{
    [Fact]
    public void A_rules_violation_is_an_error_at_its_path_and_line()
    {
        var result = Validate("""
            { "name": "x", "stages": [
              { "id": "a", "use": "test.count", "with": { "count": 3 } },
              { "id": "b", "use": "test.count", "with": { "count": 4 } } ] }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.stages[1].with.count", error.Path);
        Assert.Equal(3, error.Line);
        Assert.Equal("\"b\" counts 4, \"a\" counts 3", error.Message);
    }

    [Fact]
    public void Stages_whose_own_options_are_invalid_are_not_given_to_the_rules()
    {
        var result = Validate("""
            { "name": "x", "stages": [
              { "id": "a", "use": "test.count", "with": { "count": 3 } },
              { "id": "b", "use": "test.count", "with": { "count": -1 } } ] }
            """);

        Assert.Equal("$.stages[1].with.count", Assert.Single(result.Errors).Path);
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("counts", StringComparison.Ordinal));
    }

    [Fact]
    public void Stages_that_agree_are_valid()
    {
        var result = Validate("""
            { "name": "x", "stages": [
              { "id": "a", "use": "test.count", "with": { "count": 3 } },
              { "id": "b", "use": "test.count", "with": { "count": 3 } } ] }
            """);

        Assert.True(result.IsValid, result.Describe());
    }

    private static JobValidationResult Validate(string json)
    {
        var catalog = new StageCatalog();
        var services = new ServiceCollection();
        ConduitPluginBuilder.Register(new TestPlugin(), services, catalog);
        ConduitPluginBuilder.Register(new SameCountPlugin(), services, catalog);
        return TestPlugin.Validate(json, catalog);
    }

    private sealed class SameCountPlugin : IConduitPlugin
    {
        public string Name => "SameCount";

        public void Configure(IConduitPluginBuilder builder) => builder.AddJobRule<SameCountRule>();
    }

    private sealed class SameCountRule : IJobRule
    {
        public IEnumerable<JobRuleViolation> Check(IReadOnlyList<JobStage> stages)
        {
            var counts = stages.Where(s => s.Use == "test.count").ToList();
            foreach (var stage in counts.Skip(1))
            {
                var (first, count) = (((CountOptions)counts[0].Options).Count, ((CountOptions)stage.Options).Count);
                if (count != first)
                {
                    yield return new($"{stage.JsonPath}.with.count", $"\"{stage.Id}\" counts {count}, \"{counts[0].Id}\" counts {first}");
                }
            }
        }
    }
}
