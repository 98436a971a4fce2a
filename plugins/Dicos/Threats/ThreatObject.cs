namespace Conduit.Plugins.Dicos.Threats;

/// <summary>
/// One potential threat object: its bounding box in the voxels of the image it was found in, and a bitmap of its voxels
/// within the box (x fastest, then y, then z; bit 0 of each byte first), as a TDR's Threat ROI Voxel Sequence holds it.
/// </summary>
/// <param name="Id">Potential Threat Object ID (1, 2, ...).</param>
/// <param name="Base">The box's first voxel (column, row, frame).</param>
/// <param name="Extents">The box's size in voxels (columns, rows, frames).</param>
/// <param name="Bitmap">One bit per voxel of the box, set where the object is; empty when the report gives the box
/// alone (the DICOS SDK writes such objects with an empty (4010,1006)).</param>
/// <param name="Voxels">Voxels set in the bitmap (0 without one).</param>
public sealed record ThreatObject(int Id, (int X, int Y, int Z) Base, (int X, int Y, int Z) Extents, byte[] Bitmap, long Voxels)
{
    /// <summary>Whether the report gives the object's voxels, not only its box.</summary>
    public bool HasMask => Bitmap.Length > 0;

    /// <summary>Whether voxel (x, y, z), in image coordinates, belongs to the object (false for every voxel of an object
    /// without a mask: only its box is known).</summary>
    public bool Contains(int x, int y, int z)
    {
        var (dx, dy, dz) = (x - Base.X, y - Base.Y, z - Base.Z);
        if (!HasMask || dx < 0 || dy < 0 || dz < 0 || dx >= Extents.X || dy >= Extents.Y || dz >= Extents.Z)
        {
            return false;
        }

        var bit = (((long)dz * Extents.Y) + dy) * Extents.X + dx;
        return (Bitmap[bit >> 3] & (1 << (int)(bit & 7))) != 0;
    }
}
