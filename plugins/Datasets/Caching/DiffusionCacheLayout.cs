namespace Conduit.Plugins.Datasets.Caching;

/// <summary>
/// Names of the HDF5 diffusion cache layout (version 1), as h5py sees it:
/// <list type="bullet">
/// <item><c>/data</c>: (volumes, z, y, x), the stored type, chunked by volume (<c>volumesPerChunk</c>), optionally
/// shuffled and deflated.</item>
/// <item><c>/affine</c>: (4, 4) float64, voxel (x, y, z) to world (RAS, mm), as the NIfTI source's.</item>
/// <item><c>/volume_index</c>: (volumes,) int32, the original index of each stored volume (the filtered index space is
/// the row number).</item>
/// <item><c>/bvals</c>: (volumes,) float64 and <c>/bvecs</c>: (volumes, 3) float64, when gradients are known.</item>
/// <item><c>/mask</c>: (z, y, x) uint8, when a brain mask is given.</item>
/// <item><c>/motion</c>: (volumes, 4, 4) float64, when motion affines are given.</item>
/// <item>Root attributes: <c>layout</c> "conduit-diffusion", <c>layout_version</c> 1, <c>source</c>, <c>scl_slope</c>,
/// <c>scl_inter</c>, <c>voxel_size</c> (3 float64).</item>
/// </list>
/// </summary>
public static class DiffusionCacheLayout
{
    /// <summary>The 4D data.</summary>
    public const string Data = "data";

    /// <summary>The affine.</summary>
    public const string Affine = "affine";

    /// <summary>Original index of each stored volume.</summary>
    public const string VolumeIndex = "volume_index";

    /// <summary>b-values.</summary>
    public const string BValues = "bvals";

    /// <summary>b-vectors.</summary>
    public const string BVectors = "bvecs";

    /// <summary>Brain mask.</summary>
    public const string Mask = "mask";

    /// <summary>Motion affines.</summary>
    public const string Motion = "motion";

    /// <summary>The layout's name attribute value.</summary>
    public const string Name = "conduit-diffusion";

    /// <summary>The layout's version.</summary>
    public const int Version = 1;
}
