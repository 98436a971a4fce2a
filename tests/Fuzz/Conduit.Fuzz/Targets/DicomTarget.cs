using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Threats;
using Conduit.Testing.Memory;

namespace Conduit.Fuzz.Targets;

/// <summary>A DICOM or DICOS object as <c>dicos.read</c> and inspect take it: Part 10 or a bare data set in any
/// supported transfer syntax (deflated included), nested sequences, a threat report's regions, and every frame decoded
/// (native, 1-bit, RLE, JPEG Lossless, deflated frames) into a pooled buffer.</summary>
internal sealed class DicomTarget : FuzzTarget
{
    public override string Name => "dicom";

    public override string Description => "DICOM/DICOS Part 10 and data sets, sequences, encapsulated fragments, TDR objects, every frame decoded";

    // Elements are sliced from the input, not copied; the data set's index, strings and the TDR's regions are a few
    // objects per element (at most one element per 8 bytes). Frames and inflated data sets come from the pool.
    public override AllocationBound Bound => new(64, BudgetBytes + (16 << 20));

    public override void Run(byte[] input)
    {
        using var pool = new LeakCheckingPool("fuzz", BudgetBytes);
        var file = DicomReader.Read(input, "input.dcs", pool, out var inflated);
        using (inflated)
        {
            if (ThreatReport.IsReport(file))
            {
                ThreatReport.Read(file);
            }

            if (file.DataSet.Contains(DicomTag.PixelData))
            {
                DecodeFrames(new DicomImage(file), pool);
            }
        }
    }

    private static void DecodeFrames(DicomImage image, LeakCheckingPool pool)
    {
        for (var f = 0; f < image.Frames; f++)
        {
            if (image.DecodeProblem(f) is not null)
            {
                return;
            }

            if (!pool.TryRent(image.FrameBytes, out var frame))
            {
                return;
            }

            using (frame)
            {
                image.ReadFrame(f, frame.Span);
            }
        }
    }
}
