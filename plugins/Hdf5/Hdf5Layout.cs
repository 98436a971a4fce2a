using PureHDF;

namespace Conduit.Plugins.Hdf5;

/// <summary>
/// Tells the HDF5 files Conduit writes apart by their root <c>layout</c> attribute: HDF5 files all start with the same
/// signature and their metadata may lie anywhere, so the first bytes cannot say which layout a file follows. One source
/// file, compiled into every plugin that writes HDF5 (Hdf5.props; plugins share no assemblies but Abstractions).
/// </summary>
internal static class Hdf5Layout
{
    /// <summary>HDF5's signature, at the start of a file without a user block.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>True when <paramref name="header"/> starts an HDF5 file whose root <c>layout</c> attribute is
    /// <paramref name="layout"/> (the file at <paramref name="path"/> is opened to read it).</summary>
    public static bool Is(ReadOnlySpan<byte> header, string path, string layout) =>
        Probe(header, path, file => file.AttributeExists("layout") && file.Attribute("layout").Read<string>() == layout);

    /// <summary>Whether the file is HDF5 and has every one of <paramref name="links"/> (as ISMRMRD files are known).</summary>
    public static bool HasLinks(ReadOnlySpan<byte> header, string path, params string[] links) =>
        Probe(header, path, file => links.All(file.LinkExists));

    private static bool Probe(ReadOnlySpan<byte> header, string path, Func<PureHDF.VOL.Native.NativeFile, bool> test)
    {
        if (!header.StartsWith(Signature) || !File.Exists(path))
        {
            return false;
        }

        try
        {
            using var file = H5File.OpenRead(path);
            return test(file);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A damaged or foreign HDF5 file is simply not this layout; inspecting it says what is wrong.
            return false;
        }
    }
}
