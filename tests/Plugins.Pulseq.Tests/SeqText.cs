namespace Conduit.Plugins.Pulseq.Tests;

/// <summary>Small v1.4 sequence files written in tests, so that each bad-input case changes one thing.</summary>
internal static class SeqText
{
    /// <summary>One 1 ms block with a trapezoid on x, an RF pulse with a 4-sample block shape and an ADC.</summary>
    public static string Minimal(string extraBlocks = "", string extensions = "", string version = "major 1\nminor 4\nrevision 1\n", string shapes = "shape_id 1\nnum_samples 4\n1\n1\n1\n1\n") =>
        "# Pulseq sequence file\n" +
        "[VERSION]\n" + version + "\n" +
        "[DEFINITIONS]\nAdcRasterTime 1e-07\nBlockDurationRaster 1e-05\nGradientRasterTime 1e-05\nRadiofrequencyRasterTime 1e-06\n\n" +
        "# NUM DUR RF GX GY GZ ADC EXT\n[BLOCKS]\n1 100 1 1 0 0 1 0\n" + extraBlocks + "\n" +
        "[RF]\n1 250 1 0 0 100 0 0\n\n" +
        "[TRAP]\n1 10000 100 500 100 50\n\n" +
        "[ADC]\n1 64 10000 100 0 0\n\n" +
        extensions +
        "[SHAPES]\n" + shapes;
}
