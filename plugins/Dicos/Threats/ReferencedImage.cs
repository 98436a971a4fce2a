namespace Conduit.Plugins.Dicos.Threats;

/// <summary>The image a threat report is about: what its PTOs reference, and whose scan and frame of reference the
/// report joins.</summary>
/// <param name="SopClassUid">The image's SOP Class UID.</param>
/// <param name="SopInstanceUid">The image's SOP Instance UID.</param>
/// <param name="StudyInstanceUid">The image's scan (study), or null to start a new one.</param>
/// <param name="FrameOfReferenceUid">The image's frame of reference, or null for a new one.</param>
public sealed record ReferencedImage(string SopClassUid, string SopInstanceUid, string? StudyInstanceUid, string? FrameOfReferenceUid);
