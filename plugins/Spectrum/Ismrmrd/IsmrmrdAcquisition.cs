using System.Runtime.InteropServices;

namespace Conduit.Plugins.Spectrum.Ismrmrd;

/// <summary>
/// libismrmrd's <c>ISMRMRD_Acquisition</c>: the 340-byte acquisition header (ISMRMRD 1.x, packed to 2 bytes) followed by
/// the trajectory and data pointers. The data are interleaved (re, im) float32, <c>number_of_samples ×
/// active_channels</c> pairs.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 2)]
internal unsafe struct IsmrmrdAcquisition
{
    public const int HeaderBytes = 340;

    /// <summary>The header version libismrmrd 1.x writes (its major version).</summary>
    public const ushort FormatVersion = 1;

    public ushort Version;
    public ulong Flags;
    public uint MeasurementUid;
    public uint ScanCounter;
    public uint AcquisitionTimeStamp;
    public fixed uint PhysiologyTimeStamp[3];
    public ushort NumberOfSamples;
    public ushort AvailableChannels;
    public ushort ActiveChannels;
    public fixed ulong ChannelMask[16];
    public ushort DiscardPre;
    public ushort DiscardPost;
    public ushort CenterSample;
    public ushort EncodingSpaceRef;
    public ushort TrajectoryDimensions;
    public float SampleTimeMicroseconds;
    public fixed float Position[3];
    public fixed float ReadDirection[3];
    public fixed float PhaseDirection[3];
    public fixed float SliceDirection[3];
    public fixed float PatientTablePosition[3];
    public IsmrmrdEncodingCounters Index;
    public fixed int UserInt[8];
    public fixed float UserFloat[8];
    public float* Trajectory;
    public float* Data;
}
