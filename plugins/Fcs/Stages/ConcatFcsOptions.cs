using System.ComponentModel.DataAnnotations;
using Conduit.Abstractions.Stages;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>
/// Options of <c>fcs.concat</c>: the events of many files with the same channels, one after another, as one stream.
/// Peak memory: one chunk (as <c>fcs.read</c>), whatever the number and size of the files.
/// </summary>
public sealed class ConcatFcsOptions
{
    /// <summary>The FCS files, in order (relative paths are relative to the job file).</summary>
    [Required]
    [MinLength(1)]
    [InputFile]
    public List<string> Inputs { get; set; } = [];

    /// <summary>Events per chunk.</summary>
    [Range(1, 16_777_216)]
    public int ChunkEvents { get; set; } = 65536;

    /// <summary>Element type of the chunks: "float32" or "float64".</summary>
    public EventValues Values { get; set; } = EventValues.Float32;

    /// <summary>Convert to scale values: $PnE log amplification, $PnG gain, $TIMESTEP.</summary>
    public bool Preprocess { get; set; }

    /// <summary>Read inputs leniently (see fcs.read).</summary>
    public bool Lenient { get; set; }
}
