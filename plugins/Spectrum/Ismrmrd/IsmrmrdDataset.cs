using System.Runtime.InteropServices;

namespace Conduit.Plugins.Spectrum.Ismrmrd;

/// <summary>
/// An ISMRMRD HDF5 file opened through libismrmrd: its XML header and its acquisitions under the group <c>dataset</c>,
/// the layout every ISMRMRD reader (Gadgetron, BART, ismrmrd-python, the ismrmrd tools) expects. One call at a time in
/// the process: Debian's libhdf5 is built without thread safety.
/// </summary>
internal sealed unsafe class IsmrmrdDataset : IDisposable
{
    public const string Group = "dataset";

    private static readonly Lock Gate = new();
    private IsmrmrdNative.DatasetHandle _handle;
    private bool _open;

    private IsmrmrdDataset(string path, bool create)
    {
        Path = path;
        Require();
        lock (Gate)
        {
            Check(IsmrmrdNative.InitDataset(ref _handle, path, Group), "opening");
            _open = true;
            Check(IsmrmrdNative.OpenDataset(ref _handle, create), create ? "creating" : "opening");
        }
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>Acquisitions in the file.</summary>
    public uint Count
    {
        get
        {
            lock (Gate)
            {
                return IsmrmrdNative.NumberOfAcquisitions(ref _handle);
            }
        }
    }

    /// <summary>Creates <paramref name="path"/>, which must not exist or be empty (libismrmrd opens an HDF5 file that is
    /// there instead of replacing it).</summary>
    public static IsmrmrdDataset Create(string path) => new(path, create: true);

    /// <summary>Opens an existing ISMRMRD file.</summary>
    public static IsmrmrdDataset Open(string path) => new(path, create: false);

    /// <summary>Fails with what to install when libismrmrd cannot be loaded.</summary>
    public static void Require()
    {
        if (!NativeLibrary.TryLoad(IsmrmrdNative.Library, typeof(IsmrmrdDataset).Assembly, null, out _))
        {
            throw new InvalidOperationException($"ISMRMRD files are written with libismrmrd, and {IsmrmrdNative.Library} was not found: install it (Debian and Ubuntu: apt-get install libismrmrd1.8)");
        }
    }

    public void WriteHeader(string xml)
    {
        lock (Gate)
        {
            Check(IsmrmrdNative.WriteHeader(ref _handle, xml), "writing the XML header of");
        }
    }

    public string ReadHeader()
    {
        lock (Gate)
        {
            var text = IsmrmrdNative.ReadHeader(ref _handle);
            if (text == 0)
            {
                Check(-1, "reading the XML header of");
            }

            try
            {
                return Marshal.PtrToStringUTF8(text)!;
            }
            finally
            {
                IsmrmrdNative.Free(text);
            }
        }
    }

    /// <summary>Appends one acquisition: <paramref name="header"/> with its samples, interleaved (re, im).</summary>
    public void Append(IsmrmrdAcquisition header, ReadOnlySpan<float> samples)
    {
        if (samples.Length != 2 * header.NumberOfSamples * header.ActiveChannels)
        {
            throw new ArgumentException($"{header.NumberOfSamples} samples × {header.ActiveChannels} channels need {2 * header.NumberOfSamples * header.ActiveChannels} values, not {samples.Length}", nameof(samples));
        }

        fixed (float* data = samples)
        {
            header.Trajectory = null;
            header.Data = data;
            lock (Gate)
            {
                Check(IsmrmrdNative.AppendAcquisition(ref _handle, &header), $"appending acquisition {header.ScanCounter} to");
            }
        }
    }

    /// <summary>Acquisition <paramref name="index"/>: its header (pointers cleared) and samples, interleaved (re, im).</summary>
    public (IsmrmrdAcquisition Header, float[] Samples) Read(uint index)
    {
        var acquisition = default(IsmrmrdAcquisition);
        lock (Gate)
        {
            Check(IsmrmrdNative.InitAcquisition(&acquisition), "reading");
            try
            {
                Check(IsmrmrdNative.ReadAcquisition(ref _handle, index, &acquisition), $"reading acquisition {index} of");
                var samples = new ReadOnlySpan<float>(acquisition.Data, 2 * acquisition.NumberOfSamples * acquisition.ActiveChannels).ToArray();
                var header = acquisition;
                header.Data = null;
                header.Trajectory = null;
                return (header, samples);
            }
            finally
            {
                _ = IsmrmrdNative.CleanupAcquisition(&acquisition);
            }
        }
    }

    /// <summary>Closes the file, which flushes HDF5's caches: a failure here is a file not completely written.</summary>
    public void Close()
    {
        if (!_open)
        {
            return;
        }

        _open = false;
        lock (Gate)
        {
            Check(IsmrmrdNative.CloseDataset(ref _handle), "closing");
        }
    }

    /// <summary>Closes the file if <see cref="Close"/> was not called, ignoring failures (the file is discarded then).</summary>
    public void Dispose()
    {
        if (!_open)
        {
            return;
        }

        _open = false;
        lock (Gate)
        {
            _ = IsmrmrdNative.CloseDataset(ref _handle);
            while (IsmrmrdNative.PopError(null, null, null, null, null))
            {
            }
        }
    }

    private void Check(int status, string what)
    {
        if (status == 0)
        {
            return;
        }

        var messages = new List<string>();
        nint function, message;
        int code;
        while (IsmrmrdNative.PopError(null, null, &function, &code, &message))
        {
            messages.Add($"{Marshal.PtrToStringUTF8(message)} ({Marshal.PtrToStringUTF8(function)})");
        }

        messages.Reverse();
        throw new IOException($"{Path}: {what} the ISMRMRD file failed: {(messages.Count == 0 ? $"libismrmrd status {status}" : string.Join("; ", messages))}");
    }
}
