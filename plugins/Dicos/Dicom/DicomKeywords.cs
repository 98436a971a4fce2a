namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>Tags of the elements the DICOS codec reads or writes by name.</summary>
public static class DicomKeywords
{
    /// <summary>(0008,0016) SOP Class UID.</summary>
    public static readonly DicomTag SopClassUid = new(0x0008, 0x0016);

    /// <summary>(0008,0018) SOP Instance UID.</summary>
    public static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);

    /// <summary>(0008,0060) Modality.</summary>
    public static readonly DicomTag Modality = new(0x0008, 0x0060);

    /// <summary>(0020,000D) Study Instance UID.</summary>
    public static readonly DicomTag StudyInstanceUid = new(0x0020, 0x000D);

    /// <summary>(0020,0052) Frame of Reference UID.</summary>
    public static readonly DicomTag FrameOfReferenceUid = new(0x0020, 0x0052);

    /// <summary>(0028,0002) Samples per Pixel.</summary>
    public static readonly DicomTag SamplesPerPixel = new(0x0028, 0x0002);

    /// <summary>(0028,0004) Photometric Interpretation.</summary>
    public static readonly DicomTag PhotometricInterpretation = new(0x0028, 0x0004);

    /// <summary>(0028,0006) Planar Configuration.</summary>
    public static readonly DicomTag PlanarConfiguration = new(0x0028, 0x0006);

    /// <summary>(0028,0008) Number of Frames.</summary>
    public static readonly DicomTag NumberOfFrames = new(0x0028, 0x0008);

    /// <summary>(0028,0010) Rows.</summary>
    public static readonly DicomTag Rows = new(0x0028, 0x0010);

    /// <summary>(0028,0011) Columns.</summary>
    public static readonly DicomTag Columns = new(0x0028, 0x0011);

    /// <summary>(0028,0100) Bits Allocated.</summary>
    public static readonly DicomTag BitsAllocated = new(0x0028, 0x0100);

    /// <summary>(0028,0101) Bits Stored.</summary>
    public static readonly DicomTag BitsStored = new(0x0028, 0x0101);

    /// <summary>(0028,0103) Pixel Representation.</summary>
    public static readonly DicomTag PixelRepresentation = new(0x0028, 0x0103);
}
