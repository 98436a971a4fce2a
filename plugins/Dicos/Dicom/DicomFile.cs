namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>A DICOM file as read: its file meta information, its data set and the transfer syntax of the data set.</summary>
/// <param name="Path">Where it was read from (for messages).</param>
/// <param name="HasPreamble">Whether it had the 128-byte preamble and <c>DICM</c> (PS3.10 7.1).</param>
/// <param name="Meta">The file meta information (group 0002), empty when the file had none.</param>
/// <param name="DataSet">The data set.</param>
/// <param name="TransferSyntax">How the data set is encoded.</param>
public sealed record DicomFile(string Path, bool HasPreamble, DicomDataSet Meta, DicomDataSet DataSet, DicomTransferSyntax TransferSyntax)
{
    /// <summary>Reads a whole file into memory and parses it.</summary>
    /// <exception cref="DicomDataException">The file is not DICOM or is damaged; the message names tag and offset.</exception>
    public static DicomFile Open(string path) => DicomReader.Read(File.ReadAllBytes(path), path);
}
