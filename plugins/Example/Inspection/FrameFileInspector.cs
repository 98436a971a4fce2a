using System.Buffers;
using System.Runtime.InteropServices;
using Conduit.Abstractions.Inspection;
using Conduit.Abstractions.Messages;
using Conduit.Plugins.Example.Format;

namespace Conduit.Plugins.Example.Inspection;

/// <summary>
/// <c>conduit inspect</c> for frame files: the header, and minimum, maximum and mean over all pixels and per frame
/// (float32 files), read in 1 MiB chunks so that any file size inspects in constant memory.
/// </summary>
public sealed class FrameFileInspector : IFileInspector
{
    private const int ChunkBytes = 1 << 20;
    private const int MaxFrameRows = 32;

    /// <inheritdoc />
    public string Format => "Conduit frame file";

    /// <inheritdoc />
    public InspectionMatch Match(ReadOnlySpan<byte> header, string fileName)
    {
        if (header.StartsWith(FrameFileHeader.Magic))
        {
            return InspectionMatch.Content;
        }

        return fileName.EndsWith(".cfr", StringComparison.OrdinalIgnoreCase) ? InspectionMatch.Extension : InspectionMatch.None;
    }

    /// <inheritdoc />
    public async ValueTask<InspectionReport> InspectAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var headerBytes = new byte[FrameFileHeader.Size];
        var read = await stream.ReadAtLeastAsync(headerBytes, headerBytes.Length, throwOnEndOfStream: false, cancellationToken);
        var header = FrameFileHeader.Parse(headerBytes.AsSpan(0, read), stream.Length, path);
        var fields = new List<InspectionField>
        {
            new("pixel-type", header.PixelType.ToString().ToLowerInvariant()),
            new("width", header.Width),
            new("height", header.Height),
            new("frame-count", header.FrameCount),
            new("frame-bytes", header.FrameBytes, "bytes"),
            new("file-bytes", stream.Length, "bytes"),
            new("spacing", $"{header.SpacingX} x {header.SpacingY} x {header.SpacingZ}", "mm"),
        };
        var rows = new List<IReadOnlyList<object?>>();
        if (header.PixelType == PixelType.Float32 && header.FrameCount > 0)
        {
            var total = await SummariseAsync(stream, header, rows, cancellationToken);
            fields.Add(new InspectionField("min", total.Min));
            fields.Add(new InspectionField("max", total.Max));
            fields.Add(new InspectionField("mean", total.Mean));
        }

        var tables = rows.Count == 0
            ? Array.Empty<InspectionTable>()
            : [new InspectionTable("frames", ["frame", "min", "max", "mean"], rows)];
        return new InspectionReport(Format, path, fields, tables);
    }

    private static async Task<PixelSummary> SummariseAsync(FileStream stream, FrameFileHeader header, List<IReadOnlyList<object?>> rows, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var total = new PixelSummary();
            for (long frame = 0; frame < header.FrameCount; frame++)
            {
                var summary = new PixelSummary();
                var remaining = header.FrameBytes;
                while (remaining > 0)
                {
                    var length = (int)Math.Min(remaining, ChunkBytes);
                    await stream.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken);
                    summary.Add(MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, length)));
                    remaining -= length;
                }

                total.Add(summary);
                if (rows.Count < MaxFrameRows)
                {
                    rows.Add([frame, summary.Min, summary.Max, summary.Mean]);
                }
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
