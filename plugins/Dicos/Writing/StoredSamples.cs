using System.Runtime.InteropServices;
using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Dicos.Writing;

/// <summary>
/// Turns frame values into the 16-bit samples a DICOS image stores: float values through stored = round((value −
/// intercept) / slope), integers as they are. A value the rescale cannot store is an error naming frame and pixel,
/// never a clip.
/// </summary>
/// <param name="Slope">Value = stored × slope + intercept, for float frames.</param>
/// <param name="Intercept">Value = stored × slope + intercept, for float frames.</param>
public readonly record struct StoredSamples(double Slope, double Intercept)
{
    /// <summary>True when frames of <paramref name="type"/> are stored through the rescale (floats).</summary>
    public static bool Rescales(PixelType type) => type is PixelType.Float32 or PixelType.Float64;

    /// <summary>True when frames of <paramref name="type"/> are stored as signed samples.</summary>
    public static bool Signed(PixelType type) => type is PixelType.Int16;

    /// <summary>Stores the <paramref name="count"/> values of <paramref name="pixels"/> (of <paramref name="type"/>) in
    /// <paramref name="stored"/>; <paramref name="frame"/> names the frame in errors.</summary>
    /// <exception cref="InvalidDataException">A value cannot be stored, or the type is not one a 16-bit image holds.</exception>
    public void Store(ReadOnlySpan<byte> pixels, PixelType type, int count, long frame, Span<ushort> stored)
    {
        stored = stored[..count];
        switch (type)
        {
            case PixelType.Float32:
                var floats = MemoryMarshal.Cast<byte, float>(pixels)[..count];
                for (var i = 0; i < count; i++)
                {
                    stored[i] = Quantise(frame, i, floats[i]);
                }

                break;
            case PixelType.Float64:
                var doubles = MemoryMarshal.Cast<byte, double>(pixels)[..count];
                for (var i = 0; i < count; i++)
                {
                    stored[i] = Quantise(frame, i, doubles[i]);
                }

                break;
            case PixelType.UInt16:
            case PixelType.Int16:
                MemoryMarshal.Cast<byte, ushort>(pixels)[..count].CopyTo(stored);
                break;
            case PixelType.UInt8:
                for (var i = 0; i < count; i++)
                {
                    stored[i] = pixels[i];
                }

                break;
            default:
                throw new InvalidDataException($"frame {frame}: {type} pixels are not written to a 16-bit image; convert them first");
        }
    }

    private ushort Quantise(long frame, int pixel, double value)
    {
        var q = Math.Round((value - Intercept) / Slope);
        if (!(q >= 0 && q <= ushort.MaxValue))
        {
            throw new InvalidDataException($"frame {frame}, pixel {pixel}: {value} is outside what slope {Slope} and intercept {Intercept} store in 16 bits ({Intercept} to {Intercept + (ushort.MaxValue * Slope)}); set rescaleSlope and rescaleIntercept");
        }

        return (ushort)q;
    }
}
