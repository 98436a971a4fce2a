namespace Conduit.Plugins.Fcs.Reading;

/// <summary>One data set of an FCS file: its HEADER, keywords, channels and where its events are.</summary>
public sealed class FcsDataSet
{
    internal FcsDataSet(
        long offset,
        FcsHeader header,
        FcsKeywords keywords,
        FcsKeywords? analysis,
        IReadOnlyList<FcsChannel> channels,
        FcsDataType dataType,
        FcsByteOrder? byteOrder,
        long eventCount,
        long dataStart,
        long dataLength,
        IReadOnlyList<string> diagnostics)
    {
        Offset = offset;
        Header = header;
        Keywords = keywords;
        Analysis = analysis;
        Channels = channels;
        DataType = dataType;
        ByteOrder = byteOrder;
        EventCount = eventCount;
        DataStart = dataStart;
        DataLength = dataLength;
        Diagnostics = diagnostics;
        BytesPerEvent = channels.Sum(c => c.Width);
    }

    /// <summary>The CRC field after the data set: "absent", "not computed (00000000)", "N, not checked", "N, verified
    /// (variant)" or "N does not match ..." (see <see cref="FcsReadOptions.VerifyCrc"/>).</summary>
    public string Crc { get; internal init; } = "absent";

    /// <summary>Where the data set starts in the file (0 for the first).</summary>
    public long Offset { get; }

    /// <summary>The HEADER.</summary>
    public FcsHeader Header { get; }

    /// <summary>FCS version, for example <c>FCS3.1</c>.</summary>
    public string Version => Header.Version;

    /// <summary>TEXT and supplemental TEXT keywords.</summary>
    public FcsKeywords Keywords { get; }

    /// <summary>ANALYSIS keywords, when the data set has an ANALYSIS segment that could be read.</summary>
    public FcsKeywords? Analysis { get; }

    /// <summary>The channels, in order.</summary>
    public IReadOnlyList<FcsChannel> Channels { get; }

    /// <summary><c>$DATATYPE</c>.</summary>
    public FcsDataType DataType { get; }

    /// <summary><c>$BYTEORD</c> (null for ASCII data).</summary>
    public FcsByteOrder? ByteOrder { get; }

    /// <summary>Number of events (<c>$TOT</c>, or what DATA holds in lenient mode when it is truncated).</summary>
    public long EventCount { get; }

    /// <summary>Absolute file offset of the first DATA byte (-1 when DATA was not checked).</summary>
    public long DataStart { get; }

    /// <summary>Bytes of DATA that hold events.</summary>
    public long DataLength { get; }

    /// <summary>Bytes one event takes (0 for delimited ASCII).</summary>
    public int BytesPerEvent { get; }

    /// <summary>Oddities that were tolerated (an off-by-one DATA end, supplemental TEXT that is not TEXT, ...).</summary>
    public IReadOnlyList<string> Diagnostics { get; }

    /// <summary><c>$TIMESTEP</c> when it is a number.</summary>
    public double? TimeStep => Keywords.GetDouble("$TIMESTEP");

    /// <summary>The index of the time channel (named <c>Time</c>), or -1.</summary>
    public int TimeChannel =>
        Channels.Select((c, i) => (c, i)).FirstOrDefault(x => string.Equals(x.c.Name.Trim(), "time", StringComparison.OrdinalIgnoreCase), (null!, -1)).Item2;

    /// <summary>The spillover matrix from <c>$SPILLOVER</c>, <c>SPILL</c> or <c>$DFCnTOm</c>, if any can be read.</summary>
    public FcsSpillover? Spillover => FcsSpillover.From(Keywords);
}
