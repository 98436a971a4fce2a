using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Spectrum.Stages;

/// <summary>
/// Options of <c>spectrum.write-ismrmrd</c>. Peak memory: about 520 bytes per line (its window and, while writing, its
/// ISMRMRD header) plus one line's samples; the samples wait in a temporary file. Disk: the samples twice (the spool
/// and the HDF5 file libismrmrd writes beside the output before it is copied in).
/// </summary>
public sealed class WriteIsmrmrdOptions : IValidatableObject
{
    /// <summary>The ISMRMRD HDF5 file to write (atomically); its group is <c>dataset</c>.</summary>
    [Required]
    [OutputFile]
    public string Path { get; set; } = "";

    /// <summary>The encoded matrix (x, y and, for 3D, z). Empty: the readout's samples, and the ranges of the
    /// <c>LIN</c> and <c>PAR</c> labels.</summary>
    [MaxLength(3)]
    public List<int> Matrix { get; set; } = [];

    /// <summary>The field of view in mm (x, y, z). Empty: the sequence's <c>FOV</c> definition (in m).</summary>
    [MaxLength(3)]
    public List<double> FieldOfView { get; set; } = [];

    /// <summary>The k-space trajectory the header states: cartesian, epi, radial, goldenangle, spiral or other.</summary>
    [AllowedValues("cartesian", "epi", "radial", "goldenangle", "spiral", "other")]
    public string Trajectory { get; set; } = "cartesian";

    /// <summary>The Larmor frequency in Hz for the header. 0: the carrier the receiver demodulated with, as the lines
    /// carry it (<c>spectrum.rx</c>'s <c>larmorFrequency</c>).</summary>
    [Range(0, 1e10)]
    public double LarmorFrequency { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Matrix.Any(m => m is < 1 or > ushort.MaxValue))
        {
            yield return new ValidationResult($"matrix [{string.Join(", ", Matrix)}]: each size must be 1 to 65535", [nameof(Matrix)]);
        }

        if (FieldOfView.Any(f => !(f > 0 && f < 1e6)))
        {
            yield return new ValidationResult($"fieldOfView [{string.Join(", ", FieldOfView)}]: each must be more than 0 and less than 1e6 mm", [nameof(FieldOfView)]);
        }
    }
}
