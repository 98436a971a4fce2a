namespace Conduit.Plugins.Pulseq.Unrolling;

/// <summary>What a card channel plays.</summary>
public enum CardSignal
{
    /// <summary>The RF waveform, modulated at the Larmor frequency.</summary>
    Rf = 0,

    /// <summary>The x gradient.</summary>
    Gx = 1,

    /// <summary>The y gradient.</summary>
    Gy = 2,

    /// <summary>The z gradient.</summary>
    Gz = 3,
}
