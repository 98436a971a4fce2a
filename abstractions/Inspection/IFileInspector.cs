namespace Conduit.Abstractions.Inspection;

/// <summary>
/// Summarises a file of one format for <c>conduit inspect</c>. The host reads the file's first bytes, asks every
/// inspector how well it matches, and uses the best match (magic bytes beat a file extension).
/// </summary>
public interface IFileInspector
{
    /// <summary>The format's name as shown to people (<c>Pulseq sequence</c>).</summary>
    string Format { get; }

    /// <summary>How well this inspector matches the file.</summary>
    /// <param name="header">The file's first bytes (up to 4096; fewer for a short file).</param>
    /// <param name="fileName">The file's path, for extension checks; a format whose first bytes do not tell (HDF5 files of
    /// different layouts) may open the file there and look.</param>
    InspectionMatch Match(ReadOnlySpan<byte> header, string fileName);

    /// <summary>Reads the file and summarises it. Bad input throws a <c>ConduitDataException</c> naming the offset or line.</summary>
    ValueTask<InspectionReport> InspectAsync(string path, CancellationToken cancellationToken);
}
