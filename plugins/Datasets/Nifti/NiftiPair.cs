namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>
/// The two files of a NIfTI-1 pair (magic <c>ni1</c>): the header in <c>name.hdr</c>, the voxels in <c>name.img</c>,
/// either one possibly gzipped. Given either file, finds the other beside it.
/// </summary>
/// <param name="Header">The <c>.hdr</c> or <c>.hdr.gz</c>.</param>
/// <param name="Image">The <c>.img</c> or <c>.img.gz</c>.</param>
public sealed record NiftiPair(string Header, string Image)
{
    private static readonly string[] Suffixes = [".hdr", ".hdr.gz", ".img", ".img.gz"];

    /// <summary>True when <paramref name="path"/> is named like one file of a pair.</summary>
    public static bool IsPairName(string path) => Suffix(path) is not null;

    /// <summary>The pair <paramref name="path"/> belongs to, or null when it is not named like one.</summary>
    /// <exception cref="DatasetDataException">The other file of the pair is not beside it.</exception>
    public static NiftiPair? Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Suffix(path) is not { } suffix)
        {
            return null;
        }

        var stem = path[..^suffix.Length];
        var header = suffix.StartsWith(".hdr", StringComparison.OrdinalIgnoreCase);
        var other = header ? ".img" : ".hdr";
        // Prefer the partner compressed like this file, as writers produce them (name.hdr.gz with name.img.gz).
        var gz = suffix.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        string[] candidates = gz ? [stem + other + ".gz", stem + other] : [stem + other, stem + other + ".gz"];
        var partner = candidates.FirstOrDefault(File.Exists)
            ?? throw new DatasetDataException(path, $"a NIfTI pair needs its {(header ? "image" : "header")} beside it: neither {Path.GetFileName(candidates[0])} nor {Path.GetFileName(candidates[1])} exists");
        return header ? new NiftiPair(path, partner) : new NiftiPair(partner, path);
    }

    private static string? Suffix(string path) =>
        Suffixes.OrderByDescending(s => s.Length).FirstOrDefault(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase));
}
