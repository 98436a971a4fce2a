namespace Conduit.Plugins.Recon.Filtering;

/// <summary>The window that shapes the ramp filter, as a function of x = frequency / Nyquist frequency.</summary>
public enum FilterKind
{
    /// <summary>The bare ramp (Ram-Lak): sharpest, and the noisiest.</summary>
    RamLak,

    /// <summary>Ramp × sin(πx/2) / (πx/2).</summary>
    SheppLogan,

    /// <summary>Ramp × cos(πx/2).</summary>
    Cosine,

    /// <summary>Ramp × (0.54 + 0.46 cos πx).</summary>
    Hamming,

    /// <summary>Ramp × (1 + cos πx) / 2.</summary>
    Hann,
}
