namespace Conduit.Plugins.Spectrum.Ismrmrd;

/// <summary>What the XML header says of the one encoding space and of the system: matrices, fields of view (mm), the
/// encoding limits by their ISMRMRD names, the trajectory, the carrier and the sequence.</summary>
internal sealed record IsmrmrdEncoding(
    (int X, int Y, int Z) EncodedMatrix,
    (int X, int Y, int Z) ReconMatrix,
    (double X, double Y, double Z) FieldOfViewMillimetres,
    IReadOnlyList<(string Name, int Minimum, int Maximum, int Centre)> Limits,
    string Trajectory,
    double LarmorFrequencyHz,
    Conduit.Abstractions.Messages.SequenceDescription? Sequence);
