using System.Runtime.InteropServices;

namespace Conduit.Plugins.Spectrum.Driver;

/// <summary>
/// Spectrum's driver API (spcm_drv.h) as source-generated P/Invoke. "spcm" is not a file: <see cref="SpcmLibrary"/>
/// resolves it to the library the job names, Spectrum's <c>libspcm_linux.so</c> or the simulator, so one code path
/// drives both. On Linux the functions are plain cdecl; handles are pointers.
/// </summary>
internal static unsafe partial class SpcmNative
{
    public const string Library = "spcm";

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint spcm_hOpen(string deviceName);

    [LibraryImport(Library)]
    public static partial void spcm_vClose(nint device);

    [LibraryImport(Library)]
    public static partial uint spcm_dwSetParam_i32(nint device, int register, int value);

    [LibraryImport(Library)]
    public static partial uint spcm_dwSetParam_i64(nint device, int register, long value);

    [LibraryImport(Library)]
    public static partial uint spcm_dwGetParam_i32(nint device, int register, out int value);

    [LibraryImport(Library)]
    public static partial uint spcm_dwGetParam_i64(nint device, int register, out long value);

    [LibraryImport(Library)]
    public static partial uint spcm_dwDefTransfer_i64(nint device, uint bufferType, uint direction, uint notifySize, nint buffer, ulong boardOffset, ulong length);

    [LibraryImport(Library)]
    public static partial uint spcm_dwInvalidateBuf(nint device, uint bufferType);

    [LibraryImport(Library)]
    public static partial uint spcm_dwGetErrorInfo_i32(nint device, out uint register, out int value, byte* text);
}
