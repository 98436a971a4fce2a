namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>A header extension (esize, ecode, data), kept as written so a writer can carry it over.</summary>
/// <param name="Code">ecode (4: AFNI, 6: comment, 40: CIFTI, ...).</param>
/// <param name="Data">The extension's bytes after its 8-byte head.</param>
public sealed record NiftiExtension(int Code, byte[] Data);
