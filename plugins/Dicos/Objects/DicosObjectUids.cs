using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Objects;

/// <summary>The UIDs a new object is given: kept in one place so that a header built twice (once to size it, once with
/// its final values) names the same object both times.</summary>
/// <param name="SopInstance">SOP Instance UID.</param>
/// <param name="Study">Study Instance UID.</param>
/// <param name="Series">Series Instance UID.</param>
/// <param name="FrameOfReference">Frame of Reference UID.</param>
public sealed record DicosObjectUids(string SopInstance, string Study, string Series, string FrameOfReference)
{
    /// <summary>Four new UIDs.</summary>
    public static DicosObjectUids Create() => new(DicomUids.Create(), DicomUids.Create(), DicomUids.Create(), DicomUids.Create());
}
