using Conduit.Engine.Jobs;
using Conduit.Engine.Stages;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Plugins.Pulseq.Tests.Stages;

/// <summary>The job validator, with the Pulseq plugin registered, refusing an acquisition whose receiving side expects
/// a different stream from the one played.</summary>
public sealed class TransmitReceiveAgreementRuleTests
{
    [Fact]
    public void Windows_for_fewer_repetitions_than_are_played_make_the_job_invalid_naming_both_stages()
    {
        var result = Validate(unroll: """{ "repetitions": 2 }""", windows: """{ "repetitions": 1 }""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.stages[2].with.repetitions", error.Path);
        Assert.Equal(4, error.Line);
        Assert.Contains("\"windows\" (pulseq.adc-windows) has repetitions 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"unroll\" (pulseq.unroll) plays the same sequence 2 time(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_sample_rate_makes_the_job_invalid()
    {
        var result = Validate(unroll: """{ "sampleRate": 10e6 }""", windows: "{}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.stages[2].with.sampleRate", error.Path);
        Assert.Contains("10000000 Hz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_that_describe_the_stream_played_are_valid()
    {
        var result = Validate(unroll: """{ "repetitions": 3, "sampleRate": 10e6 }""", windows: """{ "repetitions": 3, "sampleRate": 10e6 }""");

        Assert.True(result.IsValid, result.Describe());
    }

    [Fact]
    public void Stages_that_read_different_sequences_are_not_compared()
    {
        var seq = SharedPulseq.File("pulseq_gre_v151.seq").Replace("\\", "/", StringComparison.Ordinal);
        var json = $$"""
            { "name": "two", "stages": [
              { "id": "a", "use": "pulseq.load", "with": { "path": "{{seq}}" } },
              { "id": "b", "use": "pulseq.load", "with": { "path": "{{seq}}" } },
              { "id": "unroll", "use": "pulseq.unroll", "from": "a", "with": { "repetitions": 2 } },
              { "id": "windows", "use": "pulseq.adc-windows", "from": "b" } ] }
            """;

        var result = Validate(json);

        Assert.True(result.IsValid, result.Describe());
    }

    private static JobValidationResult Validate(string unroll, string windows)
    {
        var seq = SharedPulseq.File("pulseq_gre_v151.seq").Replace("\\", "/", StringComparison.Ordinal);
        return Validate($$"""
            { "name": "acquisition", "stages": [
              { "id": "load", "use": "pulseq.load", "with": { "path": "{{seq}}" } },
              { "id": "unroll", "use": "pulseq.unroll", "from": "load", "with": {{unroll}} },
              { "id": "windows", "use": "pulseq.adc-windows", "from": "load", "with": {{windows}} } ] }
            """);
    }

    private static JobValidationResult Validate(string json)
    {
        var catalog = new StageCatalog();
        ConduitPluginBuilder.Register(new PulseqPlugin(), new ServiceCollection(), catalog);
        return new JobValidator(catalog).Validate(JobReader.Read(System.Text.Encoding.UTF8.GetBytes(json)));
    }
}
