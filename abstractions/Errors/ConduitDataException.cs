using System.Globalization;
using System.Text;

namespace Conduit.Abstractions.Errors;

/// <summary>
/// Bad input data: the base of every plugin's format exception. The message starts with the file and the offset or
/// line, then says what was expected and what was found:
/// <c>G11.fcs at byte 58: HEADER says DATA starts at 5555, TEXT $BEGINDATA says 6081</c>.
/// </summary>
public class ConduitDataException : Exception
{
    /// <summary>Creates the exception with no location.</summary>
    public ConduitDataException()
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public ConduitDataException(string message)
        : base(message)
    {
        Problem = message;
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    public ConduitDataException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    /// <summary>Creates the exception for a problem at a place in a file.</summary>
    /// <param name="filePath">The file, if the data came from one.</param>
    /// <param name="problem">What was expected and what was found.</param>
    /// <param name="offset">Byte offset of the problem, if known.</param>
    /// <param name="line">1-based line of the problem in a text format, if known.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ConduitDataException(string? filePath, string problem, long? offset = null, int? line = null, Exception? innerException = null)
        : base(Describe(filePath, problem, offset, line), innerException)
    {
        FilePath = filePath;
        Problem = problem;
        Offset = offset;
        Line = line;
    }

    /// <summary>The file the bad data came from.</summary>
    public string? FilePath { get; }

    /// <summary>The problem without the location.</summary>
    public string? Problem { get; }

    /// <summary>Byte offset of the problem.</summary>
    public long? Offset { get; }

    /// <summary>1-based line of the problem.</summary>
    public int? Line { get; }

    private static string Describe(string? filePath, string problem, long? offset, int? line)
    {
        var text = new StringBuilder();
        text.Append(filePath is null ? "input" : Path.GetFileName(filePath));
        if (line is { } l)
        {
            text.Append(CultureInfo.InvariantCulture, $" line {l}");
        }

        if (offset is { } o)
        {
            text.Append(CultureInfo.InvariantCulture, $" at byte {o}");
        }

        return text.Append(": ").Append(problem).ToString();
    }
}
