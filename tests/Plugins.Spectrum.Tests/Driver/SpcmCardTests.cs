using Conduit.Plugins.Spectrum.Driver;

namespace Conduit.Plugins.Spectrum.Tests.Driver;

/// <summary>The P/Invoke layer against the driver simulator: every failure carries the driver's code and text.</summary>
public sealed class SpcmCardTests
{
    [Fact]
    public void A_card_that_does_not_exist_is_an_error_with_the_drivers_text()
    {
        RequireSimulator();

        var error = Assert.Throws<SpectrumDriverException>(() => SpcmCard.Open(SpcmLibrary.Simulator, "/dev/spcm9"));

        Assert.Equal("/dev/spcm9: spcm_hOpen failed with ERR_BOARDNOTFOUND: no card /dev/spcm9: the simulator has /dev/spcm0 (AWG) and /dev/spcm1 (digitizer)", error.Message);
    }

    [Fact]
    public void Registers_read_back_and_a_refused_value_names_register_and_reason()
    {
        RequireSimulator();
        using var card = SpcmCard.Open(SpcmLibrary.Simulator, "/dev/spcm0?world=card-tests");

        card.Set(Spcm.SampleRate, 20_000_000);
        Assert.Equal(20_000_000, card.Get(Spcm.SampleRate));
        Assert.Equal(Spcm.TypeAnalogOut, card.Get(Spcm.FunctionType));
        var error = Assert.Throws<SpectrumDriverException>(() => card.Set(Spcm.CardMode, Spcm.RecordFifoGate));
        Assert.Equal(0x101u, error.Code);
        Assert.Contains("setting register 9500 to 64 failed with ERR_VALUE: card mode 0x40 is not simulated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_library_cannot_be_chosen_once_one_is_loaded()
    {
        RequireSimulator();
        SpcmLibrary.Use(SpcmLibrary.Simulator);

        var error = Assert.Throws<InvalidOperationException>(() => SpcmLibrary.Use(SpcmLibrary.Spectrum));

        Assert.Contains("already", error.Message, StringComparison.Ordinal);
    }

    internal static void RequireSimulator()
    {
        var library = Path.Combine(AppContext.BaseDirectory, "libspcm_sim.so");
        if (File.Exists(library))
        {
            return;
        }

        var reason = $"the Spectrum driver simulator was not built ({library}): install cmake and gcc, then build again";
        Assert.True(!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), reason + "; it must be there under CI=true");
        Assert.Skip(reason);
    }
}
