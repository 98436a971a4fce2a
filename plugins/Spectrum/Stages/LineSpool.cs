using System.Runtime.InteropServices;

namespace Conduit.Plugins.Spectrum.Stages;

/// <summary>
/// Where the raw writers keep received lines' samples until the last line has arrived: a temporary file, deleted when
/// closed, so an acquisition's samples are never all in memory. Each line is written once at the end and read back (or
/// rewritten in place, to average a repetition into it) by the offset it was given.
/// </summary>
internal sealed class LineSpool : IDisposable
{
    private readonly FileStream _file = new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    private long _end;

    /// <summary>Writes a line's samples after the others and returns their offset.</summary>
    public long Append(ReadOnlySpan<float> values)
    {
        var offset = _end;
        Write(offset, values);
        _end += (long)values.Length * sizeof(float);
        return offset;
    }

    public void Write(long offset, ReadOnlySpan<float> values) => RandomAccess.Write(_file.SafeFileHandle, MemoryMarshal.AsBytes(values), offset);

    /// <summary>Reads back exactly <paramref name="destination"/>'s length of samples from <paramref name="offset"/>.</summary>
    public void Read(long offset, Span<float> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        while (!bytes.IsEmpty)
        {
            var read = RandomAccess.Read(_file.SafeFileHandle, bytes, offset);
            if (read == 0)
            {
                throw new EndOfStreamException($"the line spool {_file.Name} ended at {offset}, before a line written there");
            }

            bytes = bytes[read..];
            offset += read;
        }
    }

    public void Dispose() => _file.Dispose();
}
