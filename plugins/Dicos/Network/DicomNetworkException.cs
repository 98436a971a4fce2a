using Conduit.Abstractions.Errors;

namespace Conduit.Plugins.Dicos.Network;

/// <summary>A peer broke the DICOM upper-layer protocol (PS3.8) or a DIMSE rule (PS3.7): the message names the peer and
/// the byte of the association where it happened. The association is aborted.</summary>
public sealed class DicomNetworkException : ConduitDataException
{
    /// <summary>Creates the exception.</summary>
    public DicomNetworkException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public DicomNetworkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public DicomNetworkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem with <paramref name="peer"/> at byte <paramref name="offset"/> of
    /// what it sent.</summary>
    public DicomNetworkException(string peer, string problem, long offset)
        : base($"{peer}: {problem} (at byte {offset} of what it sent)")
    {
    }
}
