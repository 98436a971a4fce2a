using System.Xml.Linq;
using Conduit.Plugins.Hdf5;
using PureHDF;

namespace Conduit.Plugins.Spectrum.Ismrmrd;

/// <summary>
/// An ISMRMRD file read whole for <c>inspect</c> and <c>plot</c>: its XML header's encoding and every acquisition's
/// header and samples, through libismrmrd. Files are recognised by HDF5's signature and the <c>dataset/xml</c> and
/// <c>dataset/data</c> links every ISMRMRD writer makes.
/// </summary>
internal sealed class IsmrmrdFile
{
    private static readonly XNamespace Ns = "http://www.ismrm.org/ISMRMRD";

    private IsmrmrdFile(XDocument header, List<(IsmrmrdAcquisition Header, float[] Samples)> acquisitions)
    {
        Header = header;
        Acquisitions = acquisitions;
    }

    public XDocument Header { get; }

    public List<(IsmrmrdAcquisition Header, float[] Samples)> Acquisitions { get; }

    /// <summary>The encoded matrix (x, y, z) the header states.</summary>
    public (int X, int Y, int Z) Matrix => Size("encodedSpace", "matrixSize", int.Parse);

    /// <summary>The encoded field of view in mm the header states.</summary>
    public (double X, double Y, double Z) FieldOfView => Size("encodedSpace", "fieldOfView_mm", s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture));

    public string? Text(string element) => Header.Descendants(Ns + element).FirstOrDefault()?.Value;

    public static bool Is(ReadOnlySpan<byte> header, string path)
    {
        if (!header.StartsWith(Hdf5Layout.Signature) || !File.Exists(path))
        {
            return false;
        }

        try
        {
            using var file = H5File.OpenRead(path);
            return file.LinkExists($"{IsmrmrdDataset.Group}/xml") && file.LinkExists($"{IsmrmrdDataset.Group}/data");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    public static IsmrmrdFile Read(string path, CancellationToken cancellationToken)
    {
        using var file = IsmrmrdDataset.Open(path);
        var header = XDocument.Parse(file.ReadHeader());
        var acquisitions = new List<(IsmrmrdAcquisition, float[])>();
        for (var i = 0u; i < file.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            acquisitions.Add(file.Read(i));
        }

        return new IsmrmrdFile(header, acquisitions);
    }

    private (T, T, T) Size<T>(string space, string element, Func<string, T> parse)
    {
        var size = Header.Descendants(Ns + space).Elements(Ns + element).FirstOrDefault()
            ?? throw new InvalidDataException($"the ISMRMRD header has no {space}/{element}");
        return (parse(size.Element(Ns + "x")!.Value), parse(size.Element(Ns + "y")!.Value), parse(size.Element(Ns + "z")!.Value));
    }
}
