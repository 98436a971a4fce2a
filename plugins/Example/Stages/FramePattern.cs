namespace Conduit.Plugins.Example.Stages;

/// <summary>What <c>example.generate</c> draws.</summary>
public enum FramePattern
{
    /// <summary>A diagonal ramp that shifts by one pixel per frame: easy to check by eye and in tests.</summary>
    Gradient,

    /// <summary>Uniform noise in [0, 1) from a seeded generator: the same seed gives the same frames.</summary>
    Noise,
}
