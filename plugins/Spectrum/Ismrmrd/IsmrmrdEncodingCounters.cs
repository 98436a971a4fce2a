using System.Runtime.InteropServices;

namespace Conduit.Plugins.Spectrum.Ismrmrd;

/// <summary>libismrmrd's <c>ISMRMRD_EncodingCounters</c>: where an acquisition lies in the encoding loops.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 2)]
internal unsafe struct IsmrmrdEncodingCounters
{
    public ushort KSpaceEncodeStep1;
    public ushort KSpaceEncodeStep2;
    public ushort Average;
    public ushort Slice;
    public ushort Contrast;
    public ushort Phase;
    public ushort Repetition;
    public ushort Set;
    public ushort Segment;
    public fixed ushort User[8];
}
