namespace Conduit.Plugins.Pulseq.Model;

/// <summary>A decompressed entry of <c>[SHAPES]</c>.</summary>
/// <param name="Id">Shape id.</param>
/// <param name="Values">The <c>num_samples</c> decompressed values.</param>
/// <param name="StoredValues">How many values the file stored for it.</param>
/// <param name="WasCompressed">Whether the stored values were run-length coded derivatives.</param>
public sealed record Shape(int Id, double[] Values, int StoredValues, bool WasCompressed);
