using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// The 8-character CRC field that FCS 3.0+ writes after a data set's last segment. The standard names a 16-bit CRC
/// with the CCITT polynomial (x¹⁶ + x¹² + x⁵ + 1) over the data set from the first HEADER byte, but not the register's
/// start value or bit order, so three common variants are computed and any match counts; <c>00000000</c> means the
/// writer computed none. A mismatch is reported, never a reason to refuse the data.
/// </summary>
internal static class FcsCrc
{
    private static readonly ushort[] Msb = Table(reflected: false);
    private static readonly ushort[] Lsb = Table(reflected: true);

    /// <summary>Reads the field at <paramref name="position"/> and, when asked, checks it over [start, position).</summary>
    public static string Check(SafeFileHandle file, long fileLength, long start, long position, bool verify)
    {
        if (position < start || position > fileLength - 8)
        {
            return "absent";
        }

        var field = System.Text.Encoding.ASCII.GetString(FcsFile.ReadBytes(file, position, 8)).Trim(' ', '\0');
        if (field.Length == 0 || field.Trim('0').Length == 0)
        {
            return "not computed (00000000)";
        }

        if (!uint.TryParse(field, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var stored) || stored > ushort.MaxValue)
        {
            return "absent";
        }

        if (!verify)
        {
            return $"{stored}, not checked";
        }

        var (xmodem, ccittFalse, kermit) = Compute(file, start, position - start);
        return stored == xmodem ? $"{stored}, verified (CRC-16/XMODEM)"
            : stored == ccittFalse ? $"{stored}, verified (CRC-16/CCITT-FALSE)"
            : stored == kermit ? $"{stored}, verified (CRC-16/KERMIT)"
            : $"{stored} does not match the data set (CRC-16/XMODEM {xmodem}, CCITT-FALSE {ccittFalse}, KERMIT {kermit})";
    }

    /// <summary>The three CRC-16/CCITT variants of <paramref name="length"/> bytes from <paramref name="start"/>.</summary>
    public static (ushort Xmodem, ushort CcittFalse, ushort Kermit) Compute(SafeFileHandle file, long start, long length)
    {
        ushort xmodem = 0, ccittFalse = 0xFFFF, kermit = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long done = 0; done < length;)
            {
                var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - done)), start + done);
                if (read <= 0)
                {
                    break;
                }

                (xmodem, ccittFalse, kermit) = Update(buffer.AsSpan(0, read), xmodem, ccittFalse, kermit);
                done += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (xmodem, ccittFalse, kermit);
    }

    internal static (ushort, ushort, ushort) Update(ReadOnlySpan<byte> bytes, ushort xmodem, ushort ccittFalse, ushort kermit)
    {
        foreach (var b in bytes)
        {
            xmodem = (ushort)((xmodem << 8) ^ Msb[(xmodem >> 8) ^ b]);
            ccittFalse = (ushort)((ccittFalse << 8) ^ Msb[(ccittFalse >> 8) ^ b]);
            kermit = (ushort)((kermit >> 8) ^ Lsb[(kermit ^ b) & 0xFF]);
        }

        return (xmodem, ccittFalse, kermit);
    }

    private static ushort[] Table(bool reflected)
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            int crc;
            if (reflected)
            {
                crc = i;
                for (var bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x8408 : crc >> 1;
                }
            }
            else
            {
                crc = i << 8;
                for (var bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
                }
            }

            table[i] = (ushort)crc;
        }

        return table;
    }
}
