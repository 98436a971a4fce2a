using Conduit.Plugins.Fcs.Reading;

namespace Conduit.Plugins.Fcs.Tests.Reading;

/// <summary>Event values equal the truth arrays FlowIO's own tests assert (flowio/truth/*.npy).</summary>
public sealed class TruthArrayTests
{
    [Theory]
    [InlineData("flowio/data1.fcs", "flowio/truth/data1_original_events.npy", false)]
    [InlineData("flowio/data1.fcs", "flowio/truth/data1_preprocessed.npy", true)]
    [InlineData("flowio/B01_KC-A-W---91-US.fcs", "flowio/truth/B01_KC-A-W---91-US_preprocessed_events.npy", true)]
    public void Events_equal_the_truth_array(string file, string truth, bool preprocess)
    {
        var (expected, rows, columns) = Npy.ReadFloat64(SharedFcs.File(truth));
        var fcs = FcsFile.Open(SharedFcs.File(file));

        var values = FcsEvents.ReadAll(fcs, preprocess: preprocess);

        Assert.Equal(rows, fcs.DataSets[0].EventCount);
        Assert.Equal(columns, fcs.DataSets[0].Channels.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - values[i]) <= 1e-9 * Math.Max(1, Math.Abs(expected[i])),
                $"event {i / columns}, channel {(i % columns) + 1}: expected {expected[i]}, read {values[i]}");
        }
    }
}
