using Conduit.Abstractions.Errors;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>A DICOM file that cannot be read: the message names the file, the tag and the byte offset.</summary>
public sealed class DicomDataException : ConduitDataException
{
    /// <summary>Creates the exception.</summary>
    public DicomDataException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public DicomDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public DicomDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A problem at <paramref name="offset"/> of <paramref name="filePath"/>.</summary>
    public DicomDataException(string? filePath, string problem, long offset)
        : base(filePath, problem, offset)
    {
    }
}
