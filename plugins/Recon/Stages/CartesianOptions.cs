using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Recon.Stages;

/// <summary>
/// Options of <c>recon.cartesian</c>. Lines go into k-space by the sequence's labels: <c>LIN</c> the phase-encode
/// line, <c>PAR</c> the partition (3D), <c>SLC</c> the slice; lines with the same three (averages, repetitions) are
/// averaged, <c>NAV</c> lines are left out and <c>REV</c> lines reversed. A sequence without <c>LIN</c> labels is
/// taken in acquisition order, one line after another. Peak memory: every imaging line's samples × 8 bytes (they are
/// held until the last arrives) plus one zero-filled volume (x × y × z × 8 bytes), from the pool, and about 150 bytes
/// of managed bookkeeping per line; the lines go back before the image frames (x × y × 4 bytes each) are rented.
/// </summary>
public sealed class CartesianOptions : IValidatableObject
{
    /// <summary>The image matrix (x, y and, for 3D, z). Larger than what was encoded zero-fills k-space; smaller crops
    /// the image's centre (a readout sampled twice as finely as the image, say). Empty or 0: what was encoded.</summary>
    [MaxLength(3)]
    public List<int> Matrix { get; set; } = [];

    /// <summary>The field of view in mm (x, y and, for 3D, z), for the frames' pixel spacing. Empty: 1 mm pixels.</summary>
    [MaxLength(3)]
    public List<double> FieldOfView { get; set; } = [];

    /// <summary>Whether each sample is the average of the signal over its dwell, as <c>spectrum.rx</c>'s are: k moves
    /// by one step during that average, which weights the image along the readout by sinc(x / field of view) (0.64 at
    /// the edges), and the reconstruction divides that back out. false for receivers that take point samples.</summary>
    public bool DwellAveraged { get; set; } = true;

    /// <summary>Pool the k-space and images are rented from.</summary>
    [PoolName]
    public string Pool { get; set; } = "default";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Matrix.Any(m => m is < 0 or > 65536))
        {
            yield return new ValidationResult($"matrix [{string.Join(", ", Matrix)}]: each size must be 0 (what was encoded) to 65536", [nameof(Matrix)]);
        }

        if (FieldOfView.Any(f => !(f > 0 && f < 1e6)))
        {
            yield return new ValidationResult($"fieldOfView [{string.Join(", ", FieldOfView)}]: each must be more than 0 and less than 1e6 mm", [nameof(FieldOfView)]);
        }
    }
}
