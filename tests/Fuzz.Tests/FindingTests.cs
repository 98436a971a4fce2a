using Conduit.Tests;

namespace Conduit.Fuzz.Tests;

/// <summary>
/// Each input that a fuzzing run found to crash, hang or allocate past its target's bound, replayed through the
/// harness after its fix: it must now be refused with the data error that names the problem. The inputs are in
/// <c>tests/data/fuzz/TARGET/finding-*</c>; docs/fuzzing.md tells each story. Findings fixed in a plugin's own code
/// also have a test beside that code's tests.
/// </summary>
public sealed class FindingTests
{
    [Fact]
    public Task Hdf5_angles_that_are_not_numbers_are_refused_as_a_data_error() =>
        AssertRefusedAsync("hdf5", "finding-nan-angle.h5", "projection angle 0 in the file is NaN, not a number of degrees");

    [Fact]
    public Task An_association_request_that_proposes_one_context_id_twice_is_refused_as_a_protocol_error() =>
        AssertRefusedAsync("dicom-network", "finding-duplicate-context-id", "presentation context ID 1 is proposed twice");

    private static async Task AssertRefusedAsync(string target, string file, string problem)
    {
        var (exitCode, output) = await FuzzHarness.ReplayAsync(target, [TestData.Folder(Path.Combine("fuzz", target, file))]);

        Assert.True(exitCode == 0, output);
        Assert.StartsWith("refused", output, StringComparison.Ordinal);
        Assert.Contains(problem, output, StringComparison.Ordinal);
    }
}
