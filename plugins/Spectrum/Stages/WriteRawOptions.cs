using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Spectrum.Stages;

/// <summary>
/// Options of <c>spectrum.write-raw</c>. Peak memory: about 100 bytes of metadata per line kept; the samples are
/// spooled to a temporary file (averaged there in place), so memory does not grow with the lines' samples or with the
/// repetitions.
/// </summary>
public sealed class WriteRawOptions
{
    /// <summary>The HDF5 file to write (atomically).</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = "";

    /// <summary>Average the repetitions: the n-th line of every repetition becomes one line (the mean).</summary>
    public bool Average { get; set; } = true;
}
