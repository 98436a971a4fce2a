using Conduit.Abstractions.Errors;

namespace Conduit.Plugins.Fcs;

/// <summary>An FCS file that cannot be read as it is: the message names the file, the offset or keyword, and what was
/// expected versus found.</summary>
public sealed class FcsDataException : ConduitDataException
{
    /// <summary>Creates the exception.</summary>
    public FcsDataException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FcsDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public FcsDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem at <paramref name="offset"/> of <paramref name="filePath"/>.</summary>
    public FcsDataException(string? filePath, string problem, long? offset = null)
        : base(filePath, problem, offset)
    {
    }
}
