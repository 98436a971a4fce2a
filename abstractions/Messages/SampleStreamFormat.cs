namespace Conduit.Abstractions.Messages;

/// <summary>
/// The shape of a stream of waveform-generator samples: frames of <see cref="Channels"/> interleaved little-endian int16
/// values at <see cref="SampleRate"/>. Channel 0 uses all 16 bits; on channels 1 and above bit 15 is a digital marker
/// and bits 0-14 hold a signed 15-bit value (the Spectrum M2p convention with digital outputs enabled).
/// </summary>
/// <param name="SampleRate">Frames per second (per channel), for example 20 MHz.</param>
/// <param name="Channels">Interleaved channels per frame.</param>
/// <param name="ChannelNames">What each channel carries (<c>rf</c>, <c>gx</c>, ...), one name per channel.</param>
/// <param name="MarkerNames">What bit 15 of each channel means (<c>adc-gate</c>, ...), or an empty string where the channel has no marker; one name per channel.</param>
public sealed record SampleStreamFormat(double SampleRate, int Channels, IReadOnlyList<string> ChannelNames, IReadOnlyList<string> MarkerNames)
{
    /// <summary>Bytes in one frame (all channels of one sample instant).</summary>
    public int FrameBytes => Channels * sizeof(short);

    /// <summary>Decodes the signed 15-bit value of a channel that carries a marker in bit 15.</summary>
    public static short ValueOf15Bit(short raw) => (short)((short)(raw << 1) >> 1);

    /// <summary>Whether bit 15 (the marker) of a raw sample is set.</summary>
    public static bool MarkerOf(short raw) => raw < 0;
}
