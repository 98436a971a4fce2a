using Conduit.Abstractions.Inspection;

namespace Conduit.Abstractions.Plotting;

/// <summary>Draws a picture of a file for <c>conduit plot</c>; registered by a plugin like an inspector.</summary>
public interface IFilePlotter
{
    /// <summary>The format it draws, for messages (<c>Pulseq MRI sequence</c>).</summary>
    string Format { get; }

    /// <summary>The kinds of plot it draws, the default first (<c>diagram</c>, <c>stream</c>).</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>How well it recognises a file from its first bytes and its path (as <c>IFileInspector.Match</c>).</summary>
    InspectionMatch Match(ReadOnlySpan<byte> header, string fileName);

    /// <summary>Draws <paramref name="path"/> as <paramref name="request"/> asks, into <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">A request value does not fit the file (an unknown channel, a slice out of
    /// range, a time window outside the sequence); the message says what would.</exception>
    ValueTask PlotAsync(string path, PlotRequest request, Stream output, CancellationToken cancellationToken);
}
