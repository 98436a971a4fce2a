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
/// <c>dicos.write-tdr</c>: finds the objects at or above a threshold in the frames of DICOS images (as
/// <c>dicos.read</c> and <c>dicos.receive</c> emit them) and writes, for each image, a DICOS Threat Detection Report
/// that references it: one potential threat object per object, with its box and voxel bitmap. Each report is passed
/// on as a <see cref="WrittenFile"/> (to <c>dicos.send</c>, say) as soon as its image's last frame has been labelled.
/// </summary>
public sealed class WriteTdrStage(WriteTdrOptions options) : ITransformStage<ImageFrame, WrittenFile>
{
    /// <summary>The <see cref="WrittenFile.Format"/> of the reports.</summary>
    public const string Format = "dicos.tdr";

    private const string ImagePlaceholder = "{image}";

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, ChannelWriter<WrittenFile> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var named = options.ReferencedImage.Length > 0 ? Reference(context.ResolvePath(options.ReferencedImage), context.Pool) : null;
        var onePerImage = options.Path.Contains(ImagePlaceholder, StringComparison.Ordinal);
        var reports = 0;
        Detection? current = null;
        try
        {
            await foreach (var frame in input.ReadAllAsync(cancellationToken))
            {
                using (frame)
                {
                    var image = named ?? ImageOf(frame);
                    if (current is null || current.Image.Id != image.Id)
                    {
                        if (current is not null)
                        {
                            throw new InvalidDataException($"frame {frame.Index} of {image.Id} arrived after {current.Labeller.Slices} of the {current.Image.Frames} frames of {current.Image.Id}");
                        }

                        if (reports > 0 && !onePerImage)
                        {
                            throw new InvalidDataException($"frames of a second image ({image.Id}) arrived; a path with {ImagePlaceholder} in it writes one report per image");
                        }

                        current = new Detection(image, new BudgetReservation(context.Budget), options.Threshold);
                        await current.Held.AddAsync(((long)image.Rows * image.Columns * image.Frames / 8) + (8L * (image.Rows + 1)), cancellationToken);
                    }

                    await current.AddAsync(frame, cancellationToken);
                }

                if (current.Labeller.Slices == current.Image.Frames && named is null)
                {
                    await output.WriteAsync(await ReportAsync(context, current, onePerImage, cancellationToken), cancellationToken);
                    await current.Held.DisposeAsync();
                    current = null;
                    reports++;
                }
            }

            if (named is not null)
            {
                var slices = current?.Labeller.Slices ?? 0;
                if (slices != named.Frames)
                {
                    throw new InvalidDataException($"{slices} frames arrived; {options.ReferencedImage} has {named.Frames}, and the report's voxels must be its voxels");
                }

                await output.WriteAsync(await ReportAsync(context, current!, onePerImage, cancellationToken), cancellationToken);
            }
            else if (current is not null)
            {
                throw new InvalidDataException($"{current.Labeller.Slices} frames of {current.Image.Id} arrived; it has {current.Image.Frames}, and the report's voxels must be its voxels");
            }
        }
        finally
        {
            if (current is not null)
            {
                await current.Held.DisposeAsync();
            }
        }
    }

    private async Task<WrittenFile> ReportAsync(IStageContext context, Detection detection, bool onePerImage, CancellationToken cancellationToken)
    {
        var image = detection.Image;
        var threats = detection.Labeller.Objects(options.MinVoxels, options.MaxObjects);
        var header = new DicosTdrHeader
        {
            Threats = threats,
            Image = image.Reference,
            ThreatCategory = options.ThreatCategory,
            CategoryDescription = string.Create(CultureInfo.InvariantCulture, $"{options.MinVoxels} or more connected voxels at or above {options.Threshold}"),
            ProcessingMilliseconds = detection.Clock.Elapsed.TotalMilliseconds,
        };
        var set = header.Build(DateTime.Now);
        string path;
        if (onePerImage)
        {
            // A stream of images may not end (a receiver runs until stopped): each report is kept as soon as it is
            // whole, written under a temporary name in its folder and renamed, never at the job's end.
            var uid = image.Reference.SopInstanceUid;
            if (!DicomUids.IsWellFormed(uid))
            {
                throw new InvalidDataException($"{image.Id}: SOP Instance UID '{uid}' is not numbers and dots, and cannot name its report");
            }

            path = context.ResolvePath(options.Path.Replace(ImagePlaceholder, uid, StringComparison.Ordinal));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".partial";
            try
            {
                await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    DicomWriter.Write(file, set, DicomTransferSyntax.ExplicitLittle);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, path, overwrite: true);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }
        }
        else
        {
            await using var file = context.CreateOutputFile(options.Path);
            DicomWriter.Write(file.Stream, set, DicomTransferSyntax.ExplicitLittle);
            await file.CompleteAsync(cancellationToken);
            path = file.TemporaryPath; // where it can be read until the job's end renames it
        }

        if (context.Logger.IsEnabled(LogLevel.Information))
        {
            context.Logger.LogInformation("{Count} potential threat objects at or above {Threshold} in {Image}", threats.Count, options.Threshold, image.Id);
        }

        return new WrittenFile(path, Format);
    }

    private static Image ImageOf(ImageFrame frame)
    {
        var source = frame.Source ?? throw new InvalidDataException($"frame {frame.Index} does not say which image it belongs to: set referencedImage to the image the frames were read from");
        return ImageOf(source, source.Id, frame.Layout.Height, frame.Layout.Width, $"image {source.Id}");
    }

    private static Image Reference(string path, IBufferPool pool)
    {
        using var mapped = MappedDicomFile.Open(path, pool);
        var image = new DicomImage(mapped.File);
        return ImageOf(DicomFrameEmitter.SourceOf(image, path), path, image.Rows, image.Columns, path);
    }

    private static Image ImageOf(FrameSource source, string id, int rows, int columns, string name)
    {
        var a = source.Attributes;
        if (!a.TryGetValue(DicomFrameEmitter.SopClassUid, out var sopClass) || !a.TryGetValue(DicomFrameEmitter.SopInstanceUid, out var sopInstance))
        {
            throw new InvalidDataException($"{name} has no SOP Class or Instance UID for a report to reference");
        }

        var reference = new ReferencedImage(sopClass, sopInstance, a.GetValueOrDefault(DicomFrameEmitter.StudyInstanceUid), a.GetValueOrDefault(DicomFrameEmitter.FrameOfReferenceUid));
        return new Image(id, reference, rows, columns, checked((int)source.FrameCount));
    }

    // The image a report is about: what it references, and the frames it must be made of.
    private sealed record Image(string Id, ReferencedImage Reference, int Rows, int Columns, int Frames);

    // The labelling of one image so far. It lives outside the pools: its runs are reserved from the budget as they
    // are found, and the objects' bitmaps (at most a bit a voxel) and the row tables before the first slice.
    private sealed class Detection(Image image, BudgetReservation held, float threshold)
    {
        private long _runsHeld;

        public Image Image { get; } = image;

        public BudgetReservation Held { get; } = held;

        public ThresholdLabeller Labeller { get; } = new(threshold);

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public async Task AddAsync(ImageFrame frame, CancellationToken cancellationToken)
        {
            var layout = frame.Layout;
            if (layout.PixelType != PixelType.Float32)
            {
                throw new InvalidDataException($"frame {frame.Index} is {layout.PixelType}; dicos.write-tdr thresholds Float32 frames (dicos.read's rescaled values)");
            }

            if (layout.Width != Image.Columns || layout.Height != Image.Rows)
            {
                throw new InvalidDataException($"frame {frame.Index} is {layout.Width} × {layout.Height}; {Image.Id} is {Image.Columns} × {Image.Rows}, and the report's voxels must be its voxels");
            }

            if (Labeller.Slices == Image.Frames)
            {
                throw new InvalidDataException($"more than the {Image.Frames} frames of {Image.Id} arrived, and the report's voxels must be its voxels");
            }

            Labeller.AddSlice(frame.Pixels.AsSpan<float>(), layout.Width, layout.Height);
            await Held.AddAsync((Labeller.Runs - _runsHeld) * ThresholdLabeller.BytesPerRun, cancellationToken);
            _runsHeld = Labeller.Runs;
        }
    }
}
