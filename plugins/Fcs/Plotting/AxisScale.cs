namespace Conduit.Plugins.Fcs.Plotting;

/// <summary>How event values map to an axis: as they are, log10 (values at or below 0 are left out), or
/// arcsinh(value / cofactor), the cytometry transform that stays linear around 0 (cofactor 150 for fluorescence).</summary>
internal sealed record AxisScale(string Name, Func<double, double> Forward, string Label)
{
    public static AxisScale Parse(string name) => name.ToLowerInvariant() switch
    {
        "linear" => new AxisScale("linear", v => v, "{0}"),
        "log" => new AxisScale("log", v => v > 0 ? Math.Log10(v) : double.NaN, "log10 {0}"),
        "arcsinh" => new AxisScale("arcsinh", v => Math.Asinh(v / 150), "arcsinh({0} / 150)"),
        _ => throw new ArgumentException($"--scale {name}: use linear, log or arcsinh"),
    };
}
