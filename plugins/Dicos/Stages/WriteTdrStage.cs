using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Objects;
using Conduit.Plugins.Dicos.Threats;
using Microsoft.Extensions.Logging;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// <c>dicos.write-tdr</c>: finds the objects at or above a threshold in the frames of a DICOS image (as
/// <c>dicos.read</c> emits them) and writes them as a DICOS Threat Detection Report that references the image: one
/// potential threat object per object, with its box and voxel bitmap.
/// </summary>
public sealed class WriteTdrStage(WriteTdrOptions options) : ISinkStage<ImageFrame>
{
    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        var (reference, rows, columns, frames) = Reference(context.ResolvePath(options.ReferencedImage), context.Pool);
        await using var output = context.CreateOutputFile(options.Path);
        var labeller = new ThresholdLabeller(options.Threshold);
        // The labelling lives outside the pools: its runs are reserved from the budget as they are found, and the
        // objects' bitmaps (at most a bit a voxel) and the row tables before the first slice.
        await using var held = new BudgetReservation(context.Budget);
        await held.AddAsync(((long)rows * columns * frames / 8) + (8L * (rows + 1)), cancellationToken);
        long runsHeld = 0;
        await foreach (var frame in input.ReadAllAsync(cancellationToken))
        {
            using (frame)
            {
                var layout = frame.Layout;
                if (layout.PixelType != PixelType.Float32)
                {
                    throw new InvalidDataException($"frame {frame.Index} is {layout.PixelType}; dicos.write-tdr thresholds Float32 frames (dicos.read's rescaled values)");
                }

                if (layout.Width != columns || layout.Height != rows)
                {
                    throw new InvalidDataException($"frame {frame.Index} is {layout.Width} × {layout.Height}; {options.ReferencedImage} is {columns} × {rows}, and the report's voxels must be its voxels");
                }

                labeller.AddSlice(frame.Pixels.AsSpan<float>(), layout.Width, layout.Height);
                await held.AddAsync((labeller.Runs - runsHeld) * ThresholdLabeller.BytesPerRun, cancellationToken);
                runsHeld = labeller.Runs;
            }
        }

        if (labeller.Slices != frames)
        {
            throw new InvalidDataException($"{labeller.Slices} frames arrived; {options.ReferencedImage} has {frames}, and the report's voxels must be its voxels");
        }

        var threats = labeller.Objects(options.MinVoxels, options.MaxObjects);
        var header = new DicosTdrHeader
        {
            Threats = threats,
            Image = reference,
            ThreatCategory = options.ThreatCategory,
            CategoryDescription = string.Create(CultureInfo.InvariantCulture, $"{options.MinVoxels} or more connected voxels at or above {options.Threshold}"),
            ProcessingMilliseconds = clock.Elapsed.TotalMilliseconds,
        };
        DicomWriter.Write(output.Stream, header.Build(DateTime.Now), DicomTransferSyntax.ExplicitLittle);
        await output.CompleteAsync(cancellationToken);
        if (context.Logger.IsEnabled(LogLevel.Information))
        {
            context.Logger.LogInformation("{Count} potential threat objects at or above {Threshold} in {Path}", threats.Count, options.Threshold, options.ReferencedImage);
        }
    }

    private static (ReferencedImage Reference, int Rows, int Columns, int Frames) Reference(string path, IBufferPool pool)
    {
        using var mapped = MappedDicomFile.Open(path, pool);
        var d = mapped.File.DataSet;
        var sopClass = d.GetString(DicomKeywords.SopClassUid);
        var sopInstance = d.GetString(DicomKeywords.SopInstanceUid);
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            throw new InvalidDataException($"{path} has no SOP Class or Instance UID for the report to reference");
        }

        var image = new DicomImage(mapped.File);
        var reference = new ReferencedImage(sopClass, sopInstance, d.GetString(new DicomTag(0x0020, 0x000D)), d.GetString(new DicomTag(0x0020, 0x0052)));
        return (reference, image.Rows, image.Columns, image.Frames);
    }
}
