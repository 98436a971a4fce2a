namespace Conduit.Plugins.Recon.Loading;

/// <summary>Opens a sinogram file by its signature: <c>\x93NUMPY</c> for <c>.npy</c>, <c>\x89HDF\r\n\x1a\n</c> for HDF5.</summary>
internal static class SinogramFiles
{
    public static ISinogramSource Open(string path, string dataset, string anglesDataset, SinogramAxes axes)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such sinogram file", path);
        }

        Span<byte> signature = stackalloc byte[8];
        using (var file = File.OpenHandle(path))
        {
            signature = signature[..RandomAccess.Read(file, signature, 0)];
        }

        if (signature.StartsWith((ReadOnlySpan<byte>)[0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']))
        {
            return new NpySinogramSource(path, axes);
        }

        if (signature.SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return new Hdf5SinogramSource(path, dataset, anglesDataset, axes);
        }

        throw new SinogramFormatException($"{path}: neither a .npy file nor HDF5 (offset 0 holds neither signature); NIfTI sinograms are read with datasets.open followed by recon.sinogram");
    }
}
