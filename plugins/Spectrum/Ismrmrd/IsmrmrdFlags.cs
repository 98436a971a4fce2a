namespace Conduit.Plugins.Spectrum.Ismrmrd;

/// <summary>The acquisition flags <c>spectrum.write-ismrmrd</c> sets (ISMRMRD numbers them from 1; the mask is
/// <c>1 &lt;&lt; (n − 1)</c>).</summary>
[Flags]
internal enum IsmrmrdFlags : ulong
{
    None = 0,
    FirstInEncodeStep1 = 1UL << 0,
    LastInEncodeStep1 = 1UL << 1,
    FirstInEncodeStep2 = 1UL << 2,
    LastInEncodeStep2 = 1UL << 3,
    FirstInSlice = 1UL << 6,
    LastInSlice = 1UL << 7,
    FirstInRepetition = 1UL << 12,
    LastInRepetition = 1UL << 13,
    IsReverse = 1UL << 21,
    IsNavigationData = 1UL << 22,
    LastInMeasurement = 1UL << 24,
}
