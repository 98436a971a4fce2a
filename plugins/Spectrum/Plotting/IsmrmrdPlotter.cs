using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Plotting;
using Conduit.Plugins.Spectrum.Inspection;
using Conduit.Plugins.Spectrum.Ismrmrd;

namespace Conduit.Plugins.Spectrum.Plotting;

/// <summary>
/// <c>conduit plot</c> for ISMRMRD raw data: <c>kspace</c>, the magnitude of one partition's k-space (log scale), each
/// acquisition at its readout samples and <c>kspace_encode_step_1</c>, repeated lines averaged; and <c>image</c>, that
/// k-space's centred inverse Fourier transform, in magnitude; navigator lines are left out and reversed ones turned
/// back. <c>--slice</c> picks the partition (<c>kspace_encode_step_2</c>), the middle one by default.
/// </summary>
public sealed class IsmrmrdPlotter : IFilePlotter
{
    private static readonly IsmrmrdInspector Inspector = new();

    /// <inheritdoc />
    public string Format => Inspector.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Kinds { get; } = ["kspace", "image"];

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName) => Inspector.Match(header, fileName);

    /// <inheritdoc />
    public ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        using var file = IsmrmrdFile.Open(path);
        if (file.Count == 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} holds no acquisitions to draw");
        }

        // Two passes, one acquisition in memory at a time: the extent of k-space, then the partition's lines.
        var (partitions, rows, columns) = (0, file.Matrix.Y, 1);
        foreach (var (header, _) in file.Acquisitions(cancellationToken))
        {
            (partitions, rows, columns) = (Math.Max(partitions, header.Index.KSpaceEncodeStep2), Math.Max(rows, header.Index.KSpaceEncodeStep1 + 1), Math.Max(columns, (int)header.NumberOfSamples));
        }

        var partition = request.Slice ?? (partitions + 1) / 2;
        if (partition < 0 || partition > partitions)
        {
            throw new ArgumentException($"--slice {partition}: {Path.GetFileName(path)} has partitions 0 to {partitions}");
        }

        var picture = new KSpacePicture(rows, columns);
        foreach (var (header, samples) in file.Acquisitions(cancellationToken))
        {
            if (header.Index.KSpaceEncodeStep2 == partition && (header.Flags & (ulong)IsmrmrdFlags.IsNavigationData) == 0)
            {
                picture.Add(header.Index.KSpaceEncodeStep1, samples, header.NumberOfSamples, (header.Flags & (ulong)IsmrmrdFlags.IsReverse) != 0);
            }
        }

        picture.Write(string.Equals(request.Kind, "image", StringComparison.OrdinalIgnoreCase), Path.GetFileName(path), partition, partitions + 1, request, output);
        return ValueTask.CompletedTask;
    }
}
