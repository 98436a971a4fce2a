using Conduit.Abstractions.Errors;

namespace Conduit.Plugins.Pulseq;

/// <summary>A Pulseq file that cannot be read as it is: the message names the file, the line, and what was expected
/// versus found.</summary>
public sealed class PulseqDataException : ConduitDataException
{
    /// <summary>Creates the exception.</summary>
    public PulseqDataException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PulseqDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public PulseqDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem at <paramref name="line"/> (of a text file) or
    /// <paramref name="offset"/> (of a binary one) of <paramref name="filePath"/>.</summary>
    public PulseqDataException(string? filePath, string problem, int? line = null, long? offset = null)
        : base(filePath, problem, offset, line)
    {
    }
}
