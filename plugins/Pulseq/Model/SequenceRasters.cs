namespace Conduit.Plugins.Pulseq.Model;

/// <summary>The raster times of a sequence, in picoseconds.</summary>
public sealed record SequenceRasters(long GradientPs, long RadiofrequencyPs, long AdcPs, long BlockDurationPs);
