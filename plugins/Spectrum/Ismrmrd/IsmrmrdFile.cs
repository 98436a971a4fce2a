using System.Xml.Linq;
using Conduit.Plugins.Hdf5;

namespace Conduit.Plugins.Spectrum.Ismrmrd;

/// <summary>
/// An ISMRMRD file opened for <c>inspect</c> and <c>plot</c> through libismrmrd: its XML header's encoding, and its
/// acquisitions read one at a time, so memory is one acquisition whatever the file's size. Files are recognised by
/// HDF5's signature and the <c>dataset/xml</c> and <c>dataset/data</c> links every ISMRMRD writer makes.
/// </summary>
internal sealed class IsmrmrdFile : IDisposable
{
    private static readonly XNamespace Ns = "http://www.ismrm.org/ISMRMRD";
    private readonly IsmrmrdDataset _dataset;

    private IsmrmrdFile(IsmrmrdDataset dataset)
    {
        _dataset = dataset;
        Header = XDocument.Parse(dataset.ReadHeader());
    }

    public XDocument Header { get; }

    public uint Count => _dataset.Count;

    /// <summary>The encoded matrix (x, y, z) the header states.</summary>
    public (int X, int Y, int Z) Matrix => Size("encodedSpace", "matrixSize", int.Parse);

    /// <summary>The encoded field of view in mm the header states.</summary>
    public (double X, double Y, double Z) FieldOfView => Size("encodedSpace", "fieldOfView_mm", s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture));

    public string? Text(string element) => Header.Descendants(Ns + element).FirstOrDefault()?.Value;

    public static bool Is(ReadOnlySpan<byte> header, string path) =>
        Hdf5Layout.HasLinks(header, path, $"{IsmrmrdDataset.Group}/xml", $"{IsmrmrdDataset.Group}/data");

    public static IsmrmrdFile Open(string path)
    {
        var dataset = IsmrmrdDataset.Open(path);
        try
        {
            return new IsmrmrdFile(dataset);
        }
        catch
        {
            dataset.Dispose();
            throw;
        }
    }

    /// <summary>Every acquisition in order, each read when it is reached.</summary>
    public IEnumerable<(IsmrmrdAcquisition Header, float[] Samples)> Acquisitions(CancellationToken cancellationToken)
    {
        for (var i = 0u; i < _dataset.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return _dataset.Read(i);
        }
    }

    public void Dispose() => _dataset.Dispose();

    private (T, T, T) Size<T>(string space, string element, Func<string, T> parse)
    {
        var size = Header.Descendants(Ns + space).Elements(Ns + element).FirstOrDefault()
            ?? throw new InvalidDataException($"the ISMRMRD header has no {space}/{element}");
        return (parse(size.Element(Ns + "x")!.Value), parse(size.Element(Ns + "y")!.Value), parse(size.Element(Ns + "z")!.Value));
    }
}
