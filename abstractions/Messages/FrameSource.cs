namespace Conduit.Abstractions.Messages;

/// <summary>
/// The image (a volume, a scanned object, a series) that a frame belongs to, for streams that carry the frames of
/// several images one after the other: a stage that works per image (a detector, a writer of one file per image)
/// tells the images apart by <see cref="Id"/> and knows from <see cref="FrameCount"/> when one is complete.
/// </summary>
public sealed class FrameSource
{
    /// <summary>Describes an image.</summary>
    /// <param name="id">What identifies the image within its stream (a SOP Instance UID, a file path).</param>
    /// <param name="frameCount">How many frames the image has.</param>
    /// <param name="attributes">The identifying attributes of its format, by name (for DICOM and DICOS the UIDs of
    /// the SOP class and instance, the study and the frame of reference, named by their DICOM keywords).</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameCount"/> is not positive.</exception>
    public FrameSource(string id, long frameCount, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameCount);
        ArgumentNullException.ThrowIfNull(attributes);
        Id = id;
        FrameCount = frameCount;
        Attributes = attributes;
    }

    /// <summary>What identifies the image within its stream.</summary>
    public string Id { get; }

    /// <summary>How many frames the image has.</summary>
    public long FrameCount { get; }

    /// <summary>The identifying attributes of the image's format, by name.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }
}
