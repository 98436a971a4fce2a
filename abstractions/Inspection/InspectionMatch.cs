namespace Conduit.Abstractions.Inspection;

/// <summary>How an inspector recognised a file; higher values win.</summary>
public enum InspectionMatch
{
    /// <summary>Not this format.</summary>
    None = 0,

    /// <summary>The file name's extension is one of the format's.</summary>
    Extension = 1,

    /// <summary>The file's content starts with the format's magic bytes.</summary>
    Content = 2,
}
