using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>
/// Options of <c>fcs.read</c>. Peak memory: one chunk, chunkEvents × max(channels × 4 or 8, bytes per event in the
/// file); the file itself is never loaded whole.
/// </summary>
public sealed class ReadFcsOptions
{
    /// <summary>The FCS file (relative paths are relative to the job file).</summary>
    [Required]
    [InputFile]
    public string Path { get; set; } = string.Empty;

    /// <summary>Which data set of the file, from 0 (files chained by $NEXTDATA have several).</summary>
    [Range(0, 1000)]
    public int DataSet { get; set; }

    /// <summary>Events per chunk.</summary>
    [Range(1, 16_777_216)]
    public int ChunkEvents { get; set; } = 65536;

    /// <summary>Element type of the chunks: "float32" or "float64".</summary>
    public EventValues Values { get; set; } = EventValues.Float32;

    /// <summary>Convert to scale values: $PnE log amplification, $PnG gain, $TIMESTEP.</summary>
    public bool Preprocess { get; set; }

    /// <summary>Trust the HEADER when it disagrees with TEXT about DATA, and read the whole events of a truncated file.</summary>
    public bool Lenient { get; set; }
}
