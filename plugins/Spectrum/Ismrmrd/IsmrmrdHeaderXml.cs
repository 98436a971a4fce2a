using System.Globalization;
using System.Text;
using System.Xml;

namespace Conduit.Plugins.Spectrum.Ismrmrd;

/// <summary>
/// The ISMRMRD XML header (schema <c>ismrmrd.xsd</c>, namespace <c>http://www.ismrm.org/ISMRMRD</c>) for one
/// encoding space. Elements follow the schema's order. The sequence's signature and every definition go into
/// <c>userParameters</c> as strings named <c>pulseq.signature</c> and <c>pulseq.definition.NAME</c>, so nothing the
/// sequence file said is lost.
/// </summary>
internal static class IsmrmrdHeaderXml
{
    private const string Namespace = "http://www.ismrm.org/ISMRMRD";

    // The proton's gyromagnetic ratio over 2π (CODATA 2018), for the field strength the carrier implies.
    private const double ProtonHertzPerTesla = 42.577478518e6;

    public static string Build(IsmrmrdEncoding encoding)
    {
        using var bytes = new MemoryStream();
        using (var xml = XmlWriter.Create(bytes, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartElement("ismrmrdHeader", Namespace);
            var sequence = encoding.Sequence;
            if (sequence?.Name is { } name)
            {
                xml.WriteStartElement("measurementInformation", Namespace);
                // Required by the schema whenever measurementInformation is there; a phantom has no position, and HFS
                // is the usual default of converters.
                Element(xml, "patientPosition", "HFS");
                Element(xml, "protocolName", name);
                Element(xml, "sequenceName", name);
                xml.WriteEndElement();
            }

            xml.WriteStartElement("acquisitionSystemInformation", Namespace);
            Element(xml, "systemVendor", "Conduit");
            Element(xml, "systemFieldStrength_T", encoding.LarmorFrequencyHz / ProtonHertzPerTesla);
            Element(xml, "receiverChannels", 1);
            xml.WriteEndElement();

            xml.WriteStartElement("experimentalConditions", Namespace);
            Element(xml, "H1resonanceFrequency_Hz", (long)Math.Round(encoding.LarmorFrequencyHz));
            xml.WriteEndElement();

            xml.WriteStartElement("encoding", Namespace);
            Space(xml, "encodedSpace", encoding.EncodedMatrix, encoding.FieldOfViewMillimetres);
            Space(xml, "reconSpace", encoding.ReconMatrix, encoding.FieldOfViewMillimetres);
            xml.WriteStartElement("encodingLimits", Namespace);
            foreach (var (limit, minimum, maximum, centre) in encoding.Limits)
            {
                xml.WriteStartElement(limit, Namespace);
                Element(xml, "minimum", minimum);
                Element(xml, "maximum", maximum);
                Element(xml, "center", centre);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            Element(xml, "trajectory", encoding.Trajectory);
            xml.WriteEndElement();

            if (sequence is not null)
            {
                xml.WriteStartElement("userParameters", Namespace);
                if (sequence.Signature is { } signature)
                {
                    UserString(xml, "pulseq.signature", signature);
                }

                foreach (var (key, value) in sequence.Definitions)
                {
                    UserString(xml, "pulseq.definition." + key, value);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
    }

    private static void Space(XmlWriter xml, string name, (int X, int Y, int Z) matrix, (double X, double Y, double Z) fieldOfView)
    {
        xml.WriteStartElement(name, Namespace);
        xml.WriteStartElement("matrixSize", Namespace);
        Element(xml, "x", matrix.X);
        Element(xml, "y", matrix.Y);
        Element(xml, "z", matrix.Z);
        xml.WriteEndElement();
        xml.WriteStartElement("fieldOfView_mm", Namespace);
        Element(xml, "x", fieldOfView.X);
        Element(xml, "y", fieldOfView.Y);
        Element(xml, "z", fieldOfView.Z);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void UserString(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("userParameterString", Namespace);
        Element(xml, "name", name);
        Element(xml, "value", value);
        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, object value) =>
        xml.WriteElementString(name, Namespace, Convert.ToString(value, CultureInfo.InvariantCulture));
}
