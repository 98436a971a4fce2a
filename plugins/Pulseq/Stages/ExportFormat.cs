namespace Conduit.Plugins.Pulseq.Stages;

/// <summary>How <c>pulseq.export</c> lays out a sample stream.</summary>
public enum ExportFormat
{
    /// <summary>A <c>CNDTSEG1</c> file: a header, then one record per segment; idle runs carry no samples.</summary>
    Sparse,

    /// <summary>Raw interleaved little-endian int16 frames, idle runs written as zeros (what the card plays).</summary>
    Dense,
}
