using Conduit.Abstractions.Messages;
using Conduit.Plugins.Spectrum.Stages;
using Conduit.Testing.Stages;

namespace Conduit.Plugins.Spectrum.Tests.Stages;

public sealed class RxStageTests
{
    [Fact]
    public async Task A_window_shorter_in_frames_than_its_samples_is_refused_before_any_card_is_opened()
    {
        using var harness = new StageHarness();
        var window = new AcquisitionWindow(3, 0, 3, 1000, 50, 64, 2.5e-6, 20e6, 0, 0, new Dictionary<string, int>());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => harness.RunTransformAsync(new RxStage(new RxOptions { Driver = "simulator", Device = "/dev/spcm1?world=rx-tests" }), [window], TestContext.Current.CancellationToken));

        Assert.Equal("ADC window 3 lasts 50 frames for 64 samples: each sample needs at least one frame; raise the sample rate", error.Message);
    }
}
