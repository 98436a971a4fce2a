using Conduit.Abstractions.Errors;

namespace Conduit.Plugins.Example;

/// <summary>Bad data in a frame file or a frame stream.</summary>
public sealed class ExampleDataException : ConduitDataException
{
    /// <summary>Creates the exception.</summary>
    public ExampleDataException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExampleDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ExampleDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem at <paramref name="offset"/> in <paramref name="filePath"/>.</summary>
    public ExampleDataException(string? filePath, string problem, long? offset)
        : base(filePath, problem, offset)
    {
    }
}
