using Conduit.Abstractions.Errors;

namespace Conduit.Plugins.Dicos.Codecs;

/// <summary>Compressed pixel data that cannot be decoded; the image that decodes it adds the file, tag and offset.</summary>
public sealed class PixelDataException : ConduitDataException
{
    /// <summary>Creates the exception.</summary>
    public PixelDataException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public PixelDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public PixelDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
