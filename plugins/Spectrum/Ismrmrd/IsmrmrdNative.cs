using System.Runtime.InteropServices;

namespace Conduit.Plugins.Spectrum.Ismrmrd;

/// <summary>The C API of libismrmrd 1.x (Debian's <c>libismrmrd1.8</c>) that writing and reading a dataset needs.</summary>
internal static unsafe partial class IsmrmrdNative
{
    public const string Library = "libismrmrd.so.1.8";

    [LibraryImport(Library, EntryPoint = "ismrmrd_init_dataset", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int InitDataset(ref DatasetHandle dataset, string fileName, string groupName);

    [LibraryImport(Library, EntryPoint = "ismrmrd_open_dataset")]
    public static partial int OpenDataset(ref DatasetHandle dataset, [MarshalAs(UnmanagedType.U1)] bool createIfNeeded);

    [LibraryImport(Library, EntryPoint = "ismrmrd_close_dataset")]
    public static partial int CloseDataset(ref DatasetHandle dataset);

    [LibraryImport(Library, EntryPoint = "ismrmrd_write_header", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int WriteHeader(ref DatasetHandle dataset, string xml);

    [LibraryImport(Library, EntryPoint = "ismrmrd_read_header")]
    public static partial nint ReadHeader(ref DatasetHandle dataset);

    [LibraryImport(Library, EntryPoint = "ismrmrd_append_acquisition")]
    public static partial int AppendAcquisition(ref DatasetHandle dataset, IsmrmrdAcquisition* acquisition);

    [LibraryImport(Library, EntryPoint = "ismrmrd_get_number_of_acquisitions")]
    public static partial uint NumberOfAcquisitions(ref DatasetHandle dataset);

    [LibraryImport(Library, EntryPoint = "ismrmrd_init_acquisition")]
    public static partial int InitAcquisition(IsmrmrdAcquisition* acquisition);

    [LibraryImport(Library, EntryPoint = "ismrmrd_read_acquisition")]
    public static partial int ReadAcquisition(ref DatasetHandle dataset, uint index, IsmrmrdAcquisition* acquisition);

    [LibraryImport(Library, EntryPoint = "ismrmrd_cleanup_acquisition")]
    public static partial int CleanupAcquisition(IsmrmrdAcquisition* acquisition);

    [LibraryImport(Library, EntryPoint = "ismrmrd_pop_error")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool PopError(nint* file, int* line, nint* function, int* code, nint* message);

    [LibraryImport("libc", EntryPoint = "free")]
    public static partial void Free(nint pointer);

    /// <summary><c>ISMRMRD_Dataset</c>: the names libismrmrd copied and the HDF5 file id (<c>hid_t</c>, 64-bit since
    /// HDF5 1.10).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct DatasetHandle
    {
        public nint FileName;
        public nint GroupName;
        public long FileId;
    }
}
