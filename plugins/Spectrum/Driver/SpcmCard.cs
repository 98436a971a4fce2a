using System.Text;

namespace Conduit.Plugins.Spectrum.Driver;

/// <summary>
/// One open card. Every call is checked: a failure throws <see cref="SpectrumDriverException"/> carrying the driver's
/// error text from <c>spcm_dwGetErrorInfo_i32</c>; only <see cref="Wait"/> returns ERR_TIMEOUT, which the driver
/// does not store as an error.
/// </summary>
internal sealed unsafe class SpcmCard : IDisposable
{
    private nint _handle;

    private SpcmCard(string device, nint handle)
    {
        Device = device;
        _handle = handle;
    }

    /// <summary>The device name it was opened with.</summary>
    public string Device { get; }

    /// <summary>Opens <paramref name="device"/> through <paramref name="driver"/> (see <see cref="SpcmLibrary"/>).</summary>
    public static SpcmCard Open(string driver, string device)
    {
        SpcmLibrary.Use(driver);
        var handle = SpcmNative.spcm_hOpen(device);
        if (handle == 0)
        {
            var (code, text) = ErrorInfo(0);
            throw new SpectrumDriverException(device, "spcm_hOpen", code, text);
        }

        return new SpcmCard(device, handle);
    }

    public void Set(int register, long value) =>
        Check(SpcmNative.spcm_dwSetParam_i64(Handle, register, value), $"setting register {register} to {value}");

    public long Get(int register)
    {
        Check(SpcmNative.spcm_dwGetParam_i64(Handle, register, out var value), $"reading register {register}");
        return value;
    }

    /// <summary>Sends M2CMD bits.</summary>
    public void Command(int bits) => Check(SpcmNative.spcm_dwSetParam_i64(Handle, Spcm.M2Cmd, bits), $"command 0x{bits:X}");

    /// <summary>M2CMD_DATA_WAITDMA: true when a block is ready, false on ERR_TIMEOUT; any other code throws.</summary>
    public bool Wait()
    {
        var code = SpcmNative.spcm_dwSetParam_i64(Handle, Spcm.M2Cmd, Spcm.DataWaitDma);
        if (code == Spcm.ErrTimeout)
        {
            return false;
        }

        Check(code, "M2CMD_DATA_WAITDMA");
        return true;
    }

    public void DefineTransfer(uint direction, uint notifyBytes, nint buffer, ulong bytes) =>
        Check(SpcmNative.spcm_dwDefTransfer_i64(Handle, Spcm.BufferData, direction, notifyBytes, buffer, 0, bytes), "spcm_dwDefTransfer_i64");

    /// <summary>Stops the card and its DMA, frees the buffer definition and closes the handle; never throws.</summary>
    public void Dispose()
    {
        if (_handle != 0)
        {
            _ = SpcmNative.spcm_dwSetParam_i64(_handle, Spcm.M2Cmd, Spcm.CardStop | Spcm.DataStopDma);
            _ = SpcmNative.spcm_dwInvalidateBuf(_handle, Spcm.BufferData);
            SpcmNative.spcm_vClose(_handle);
            _handle = 0;
        }
    }

    private nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(Device);

    private void Check(uint code, string call)
    {
        if (code != Spcm.ErrOk)
        {
            var (stored, text) = ErrorInfo(_handle);
            throw new SpectrumDriverException(Device, call, code, stored == 0 ? string.Empty : text);
        }
    }

    private static (uint Code, string Text) ErrorInfo(nint handle)
    {
        var text = stackalloc byte[200];
        text[0] = 0;
        var code = SpcmNative.spcm_dwGetErrorInfo_i32(handle, out _, out _, text);
        return (code, Encoding.Latin1.GetString(text, new ReadOnlySpan<byte>(text, 200).IndexOf((byte)0) is var n and >= 0 ? n : 200));
    }
}
