using Conduit.Abstractions.Errors;

namespace Conduit.Plugins.Datasets;

/// <summary>A dataset file that cannot be read as it is: the message names the file, the byte offset or field, and
/// what was expected versus found.</summary>
public sealed class DatasetDataException : ConduitDataException
{
    /// <summary>Creates the exception.</summary>
    public DatasetDataException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DatasetDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public DatasetDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem at <paramref name="offset"/> of <paramref name="filePath"/>.</summary>
    public DatasetDataException(string? filePath, string problem, long? offset = null)
        : base(filePath, problem, offset)
    {
    }
}
