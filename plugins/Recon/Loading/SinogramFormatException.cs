using Conduit.Abstractions.Errors;

namespace Conduit.Plugins.Recon.Loading;

/// <summary>A sinogram file that cannot be read as one: the message names the file and, where it applies, the offset.
/// A <see cref="ConduitDataException"/>, so the host reports it as bad data (exit 1), like every plugin's.</summary>
public sealed class SinogramFormatException : ConduitDataException
{
    /// <summary>Creates the exception.</summary>
    public SinogramFormatException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public SinogramFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public SinogramFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
