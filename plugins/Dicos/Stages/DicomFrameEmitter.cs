using System.Runtime.InteropServices;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Codecs;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// The frames of one DICOS or DICOM image as <see cref="ImageFrame"/> messages, indexed from 0, decoded whatever the
/// transfer syntax, with their geometry: what <c>dicos.read</c> and <c>dicos.receive</c> pass on.
/// </summary>
internal static class DicomFrameEmitter
{
    /// <summary>The keyword under which <see cref="SourceOf"/> gives the SOP Class UID.</summary>
    public const string SopClassUid = "SOPClassUID";

    /// <summary>The keyword under which <see cref="SourceOf"/> gives the SOP Instance UID.</summary>
    public const string SopInstanceUid = "SOPInstanceUID";

    /// <summary>The keyword under which <see cref="SourceOf"/> gives the Study Instance UID.</summary>
    public const string StudyInstanceUid = "StudyInstanceUID";

    /// <summary>The keyword under which <see cref="SourceOf"/> gives the Frame of Reference UID.</summary>
    public const string FrameOfReferenceUid = "FrameOfReferenceUID";

    private static readonly (string Keyword, DicomTag Tag)[] Identifying =
    [
        (SopClassUid, DicomKeywords.SopClassUid),
        (SopInstanceUid, DicomKeywords.SopInstanceUid),
        (StudyInstanceUid, DicomKeywords.StudyInstanceUid),
        (FrameOfReferenceUid, DicomKeywords.FrameOfReferenceUid),
    ];

    /// <summary>Decodes the frames of <paramref name="image"/> into leases from <paramref name="pool"/> and writes them
    /// to <paramref name="output"/> in order, advancing the stage's progress by one a frame.</summary>
    /// <param name="image">The image.</param>
    /// <param name="name">The image's file (or peer), for messages.</param>
    /// <param name="rescale">Apply the rescale and emit float32 values, or keep the stored type.</param>
    /// <param name="pool">The pool the frames are rented from.</param>
    /// <param name="output">Where the frames go.</param>
    /// <param name="context">The stage's context, for progress.</param>
    /// <param name="dropReadPages">Called every 8 MiB of frames passed on: a mapped file drops the pages it has read
    /// from the process's resident set, which otherwise grows by the whole file.</param>
    /// <param name="cancellationToken">Stops the decoding.</param>
    public static async Task EmitAsync(DicomImage image, string name, bool rescale, IBufferPool pool, ChannelWriter<ImageFrame> output, IStageContext context, Action dropReadPages, CancellationToken cancellationToken)
    {
        if (image.SamplesPerPixel != 1 || !(image.IsFloat || image.BitsAllocated is 8 or 16))
        {
            throw new InvalidDataException($"{name}: {image.SamplesPerPixel} samples of {image.BitsAllocated} bits; Conduit reads grey 8- and 16-bit integer images and float or double images");
        }

        var (slope, intercept) = image.Rescale;
        var (rowSpacing, columnSpacing) = image.PixelSpacing;
        var o = image.Orientation;
        var positions = new (double X, double Y, double Z)[image.Frames];
        for (var f = 0; f < positions.Length; f++)
        {
            positions[f] = image.Position(f);
        }

        // Float pixels keep their type when not rescaled; rescaled values are float32 whatever the stored type.
        var pixelType = rescale ? PixelType.Float32
            : image.FloatBytes == 4 ? PixelType.Float32
            : image.FloatBytes == 8 ? PixelType.Float64
            : image.BitsAllocated == 8 ? PixelType.UInt8 : image.PixelRepresentation == 1 ? PixelType.Int16 : PixelType.UInt16;
        var frameBytes = (int)image.FrameBytes;
        var source = SourceOf(image, name);
        var framesPerDrop = (int)Math.Max(1, (8L << 20) / Math.Max(1, image.FrameBytes));

        // Frames are decoded (or copied and rescaled) on up to one core each, and passed on in order. Beyond the first
        // frame in flight, buffers are taken only if the pool has them at once; otherwise the frames in flight are
        // passed on first, so the stage waits for memory holding what a one-frame reader would.
        var decodeFirst = rescale && !image.IsNative;
        var window = new Queue<(ImageFrame Frame, IBufferLease? Scratch, Task Decoding)>();
        try
        {
            for (var f = 0; f < image.Frames; f++)
            {
                var geometry = new FrameGeometry(columnSpacing, rowSpacing, image.SliceThickness, positions[f], (o[0], o[1], o[2]), (o[3], o[4], o[5]));
                var layout = new FrameLayout(pixelType, image.Columns, image.Rows, geometry);
                var (lease, scratch) = window.Count > 0 ? TryRent(pool, layout.ByteLength, decodeFirst ? frameBytes : 0) : (null, null);
                if (lease is null)
                {
                    while (window.Count > 0)
                    {
                        await PassOldestAsync(window, output, context, cancellationToken);
                    }

                    lease = await pool.RentAsync(layout.ByteLength, cancellationToken);
                    try
                    {
                        scratch = decodeFirst ? await pool.RentAsync(frameBytes, cancellationToken) : null;
                    }
                    catch
                    {
                        lease.Dispose();
                        throw;
                    }
                }

                var index = f;
                var target = lease.Memory[..(int)layout.ByteLength];
                var decoded = scratch?.Memory[..frameBytes];
                window.Enqueue((new ImageFrame(f, layout, lease) { Source = source }, scratch, Task.Run(() => Decode(image, index, target.Span, decoded, rescale, slope, intercept), cancellationToken)));
                if (window.Count >= FrameParallelism.Degree)
                {
                    await PassOldestAsync(window, output, context, cancellationToken);
                }

                if ((f + 1) % framesPerDrop == 0)
                {
                    dropReadPages();
                }
            }

            while (window.Count > 0)
            {
                await PassOldestAsync(window, output, context, cancellationToken);
            }
        }
        finally
        {
            // A failure or cancellation: the frames still in flight are waited for (they write into their buffers) and
            // returned.
            while (window.TryDequeue(out var pending))
            {
                await ((Task)pending.Decoding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                pending.Scratch?.Dispose();
                pending.Frame.Dispose();
            }
        }
    }

    /// <summary>The image's identity as its frames carry it: its SOP Instance UID (or <paramref name="name"/> when it
    /// has none), and the UIDs a report about it must reference, named by their DICOM keywords.</summary>
    public static FrameSource SourceOf(DicomImage image, string name)
    {
        var set = image.DataSet;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyword, tag) in Identifying)
        {
            if (set.GetString(tag) is { Length: > 0 } value)
            {
                attributes[keyword] = value;
            }
        }

        return new FrameSource(attributes.GetValueOrDefault(SopInstanceUid) ?? name, image.Frames, attributes);
    }

    private static (IBufferLease? Lease, IBufferLease? Scratch) TryRent(IBufferPool pool, long bytes, int scratchBytes)
    {
        if (!pool.TryRent(bytes, out var lease))
        {
            return (null, null);
        }

        if (scratchBytes == 0)
        {
            return (lease, null);
        }

        if (pool.TryRent(scratchBytes, out var scratch))
        {
            return (lease, scratch);
        }

        lease.Dispose();
        return (null, null);
    }

    private static async Task PassOldestAsync(Queue<(ImageFrame Frame, IBufferLease? Scratch, Task Decoding)> window, ChannelWriter<ImageFrame> output, IStageContext context, CancellationToken cancellationToken)
    {
        var (frame, scratch, decoding) = window.Peek();
        await decoding;
        window.Dequeue();
        scratch?.Dispose();
        await output.WriteOrDisposeAsync(frame, cancellationToken);
        context.Progress.Advance();
    }

    private static void Decode(DicomImage image, int index, Span<byte> target, Memory<byte>? scratch, bool rescale, double slope, double intercept)
    {
        if (!rescale)
        {
            image.ReadFrame(index, target);
        }
        else if (image.IsNative)
        {
            image.Rescaled(image.NativeFrame(index), slope, intercept, MemoryMarshal.Cast<byte, float>(target));
        }
        else
        {
            var decoded = scratch!.Value.Span;
            image.ReadFrame(index, decoded);
            image.Rescaled(decoded, slope, intercept, MemoryMarshal.Cast<byte, float>(target));
        }
    }
}
