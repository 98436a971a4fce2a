using System.Globalization;
using System.Numerics;
using Microsoft.Win32.SafeHandles;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>Reads and checks one data set: HEADER, TEXT, supplemental TEXT, ANALYSIS, channels and DATA location.</summary>
internal static class FcsDataSetReader
{
    /// <summary>Largest TEXT or ANALYSIS segment read (a corrupt offset must not make us allocate the file).</summary>
    private const int MaxTextBytes = 64 << 20;

    public static FcsDataSet Read(SafeFileHandle file, long fileLength, long offset, string path, FcsReadOptions options)
    {
        var header = FcsHeader.Parse(FcsFile.ReadBytes(file, offset, FcsHeader.Size), path, offset);
        var diagnostics = new List<string>();
        var keywords = new FcsKeywords();
        var text = ReadSegment(file, fileLength, offset, header.TextStart, header.TextEnd, "TEXT", path)
            ?? throw new FcsDataException(path, $"TEXT spans bytes {offset + header.TextStart}..{offset + header.TextEnd}, past the end of the file ({fileLength} bytes)", offset + 10);
        FcsTextSegment.Parse(text, keywords, diagnostics, path, offset + header.TextStart);
        ReadSupplementalText(file, fileLength, offset, header, text[0], keywords, diagnostics, path);
        var analysis = ReadAnalysis(file, fileLength, offset, header, keywords, diagnostics, path);

        if (keywords["$MODE"] is { } mode && !string.Equals(mode.Trim(), "L", StringComparison.OrdinalIgnoreCase))
        {
            throw new FcsDataException(path, $"$MODE is \"{mode.Trim()}\": only list mode (L) is supported; correlated (C) and uncorrelated (U) histograms are not event data");
        }

        var dataType = ParseDataType(keywords, path);
        var byteOrder = dataType == FcsDataType.Ascii ? null : FcsByteOrder.Parse(keywords["$BYTEORD"], path);
        var channels = ReadChannels(keywords, dataType, byteOrder, diagnostics, path);
        var bytesPerEvent = channels.Sum(c => c.Width);
        var declaredEvents = keywords.GetInt64("$TOT");
        if (keywords["$TOT"] is not null && declaredEvents is null or < 0)
        {
            throw new FcsDataException(path, $"$TOT is \"{keywords["$TOT"]!.Trim()}\", not a number of events");
        }

        if (options.KeywordsOnly)
        {
            return new FcsDataSet(offset, header, keywords, analysis, channels, dataType, byteOrder, declaredEvents ?? 0, -1, 0, diagnostics);
        }

        var (dataStart, span) = LocateData(header, keywords, offset, options, diagnostics, path);
        var events = CountEvents(declaredEvents, bytesPerEvent, span, dataType, diagnostics, path, options, offset);
        var needed = checked(events * bytesPerEvent);
        if (dataStart + needed > fileLength)
        {
            var whole = bytesPerEvent == 0 ? 0 : Math.Max(0, (fileLength - dataStart) / bytesPerEvent);
            if (!options.Lenient)
            {
                throw new FcsDataException(path, $"DATA needs bytes {dataStart}..{dataStart + needed - 1} ({events} events × {bytesPerEvent} bytes), but the file ends at byte {fileLength - 1}: it is truncated ({whole} whole events; lenient mode reads them)", dataStart);
            }

            diagnostics.Add($"the file is truncated: {whole} of {events} events are whole and are read");
            events = whole;
            needed = events * bytesPerEvent;
        }

        if (dataType == FcsDataType.Ascii && bytesPerEvent == 0)
        {
            needed = span;
        }

        // The CRC follows the data set's last segment: the latest segment end that lies inside the file.
        long[] ends = [offset + header.TextEnd, dataStart + Math.Max(needed, span) - 1, offset + AnalysisEnd(header, keywords), offset + (keywords.GetInt64("$ENDSTEXT") ?? 0)];
        var crcPosition = ends.Where(e => e >= offset && e < fileLength).DefaultIfEmpty(offset).Max() + 1;
        var crc = FcsCrc.Check(file, fileLength, offset, crcPosition, options.VerifyCrc);
        if (crc.Contains("does not match", StringComparison.Ordinal))
        {
            diagnostics.Add($"CRC field at byte {crcPosition}: {crc}; the events were read anyway");
        }

        return new FcsDataSet(offset, header, keywords, analysis, channels, dataType, byteOrder, events, dataStart, needed, diagnostics) { Crc = crc };
    }

    private static long AnalysisEnd(FcsHeader header, FcsKeywords keywords) =>
        header.AnalysisEnd is > 0 ? header.AnalysisEnd.Value : keywords.GetInt64("$ENDANALYSIS") ?? 0;

    private static byte[]? ReadSegment(SafeFileHandle file, long fileLength, long offset, long start, long end, string name, string path)
    {
        var absoluteEnd = offset + end;
        if (offset + start >= fileLength || absoluteEnd >= fileLength)
        {
            return null;
        }

        var length = end - start + 1;
        if (length > MaxTextBytes)
        {
            throw new FcsDataException(path, $"{name} claims {length} bytes, more than the {MaxTextBytes >> 20} MiB a keyword segment may have", offset + start);
        }

        return FcsFile.ReadBytes(file, offset + start, (int)length);
    }

    private static void ReadSupplementalText(SafeFileHandle file, long fileLength, long offset, FcsHeader header, byte delimiter, FcsKeywords keywords, List<string> diagnostics, string path)
    {
        var start = keywords.GetInt64("$BEGINSTEXT") ?? 0;
        var end = keywords.GetInt64("$ENDSTEXT") ?? 0;
        if (start <= 0 || end < start)
        {
            return;
        }

        if (start <= header.TextEnd && end >= header.TextStart)
        {
            // Some writers point STEXT at TEXT itself: nothing more to read.
            return;
        }

        var segment = ReadSegment(file, fileLength, offset, start, end, "supplemental TEXT", path);
        if (segment is null)
        {
            diagnostics.Add($"supplemental TEXT at bytes {offset + start}..{offset + end} lies past the end of the file; ignored");
        }
        else if (segment[0] != delimiter)
        {
            diagnostics.Add($"supplemental TEXT at bytes {offset + start}..{offset + end} does not start with the TEXT delimiter (it holds other data); ignored");
        }
        else
        {
            FcsTextSegment.Parse(segment, keywords, diagnostics, path, offset + start);
        }
    }

    private static FcsKeywords? ReadAnalysis(SafeFileHandle file, long fileLength, long offset, FcsHeader header, FcsKeywords keywords, List<string> diagnostics, string path)
    {
        var start = header.AnalysisStart is > 0 ? header.AnalysisStart.Value : keywords.GetInt64("$BEGINANALYSIS") ?? 0;
        var end = AnalysisEnd(header, keywords);
        if (start <= 0 || end < start)
        {
            return null;
        }

        var segment = ReadSegment(file, fileLength, offset, start, end, "ANALYSIS", path);
        if (segment is null)
        {
            diagnostics.Add($"ANALYSIS at bytes {offset + start}..{offset + end} lies past the end of the file; ignored");
            return null;
        }

        var analysis = new FcsKeywords();
        try
        {
            FcsTextSegment.Parse(segment, analysis, diagnostics, path, offset + start);
            return analysis;
        }
        catch (FcsDataException e)
        {
            diagnostics.Add($"ANALYSIS could not be read as keywords: {e.Problem}");
            return null;
        }
    }

    private static FcsDataType ParseDataType(FcsKeywords keywords, string path) => keywords["$DATATYPE"]?.Trim().ToUpperInvariant() switch
    {
        "I" => FcsDataType.Integer,
        "F" => FcsDataType.Float,
        "D" => FcsDataType.Double,
        "A" => FcsDataType.Ascii,
        null => throw new FcsDataException(path, "required keyword $DATATYPE is missing"),
        var other => throw new FcsDataException(path, $"$DATATYPE is \"{other}\": expected I, F, D or A"),
    };

    private static List<FcsChannel> ReadChannels(FcsKeywords keywords, FcsDataType dataType, FcsByteOrder? byteOrder, List<string> diagnostics, string path)
    {
        var count = keywords.GetInt64("$PAR") ?? throw new FcsDataException(path, keywords["$PAR"] is null ? "required keyword $PAR is missing" : $"$PAR is \"{keywords["$PAR"]!.Trim()}\", not a number");

        // Each channel needs at least a $PnB keyword, so a $PAR larger than the keyword count is corrupt.
        if (count < 1 || count > keywords.Count)
        {
            throw new FcsDataException(path, $"$PAR is {count}, but TEXT has only {keywords.Count} keywords");
        }

        var channels = new List<FcsChannel>((int)count);
        for (var n = 1; n <= count; n++)
        {
            var bits = keywords[$"$P{n}B"]?.Trim() ?? throw new FcsDataException(path, $"required keyword $P{n}B is missing");
            var name = keywords[$"$P{n}N"]?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                diagnostics.Add($"$P{n}N is missing; the channel is called P{n}");
                name = $"P{n}";
            }

            var type = ChannelType(n, keywords[$"$P{n}DATATYPE"], dataType, path);
            var width = Width(n, bits, type, diagnostics, path);
            var range = keywords.GetDouble($"$P{n}R");
            var (decades, logOffset) = Amplification(n, keywords[$"$P{n}E"], diagnostics);
            var gain = keywords.GetDouble($"$P{n}G");
            channels.Add(new FcsChannel(n, name, keywords[$"$P{n}S"]?.Trim(), bits, width, range, Mask(type, width, range), decades, logOffset, gain, type));
        }

        if (byteOrder is not null)
        {
            foreach (var channel in channels.Where(c => c.Width > 1))
            {
                byteOrder.LittleEndianPositions(channel.Width, path);
            }
        }

        return channels;
    }

    /// <summary>FCS 3.2 <c>$PnDATATYPE</c>: F or D for one channel of an integer data set; absent means <c>$DATATYPE</c>.</summary>
    private static FcsDataType ChannelType(int n, string? text, FcsDataType dataType, string path) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" => dataType,
        "I" => FcsDataType.Integer,
        "F" => FcsDataType.Float,
        "D" => FcsDataType.Double,
        var other => throw new FcsDataException(path, $"$P{n}DATATYPE is \"{other}\": expected I, F or D"),
    };

    private static int Width(int n, string bits, FcsDataType dataType, List<string> diagnostics, string path)
    {
        if (dataType == FcsDataType.Ascii && bits == "*")
        {
            return 0;
        }

        if (!int.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > 64)
        {
            throw new FcsDataException(path, $"$P{n}B is \"{bits}\": expected a number of bits from 1 to 64{(dataType == FcsDataType.Ascii ? " or *" : string.Empty)}");
        }

        switch (dataType)
        {
            case FcsDataType.Float when value != 32:
                throw new FcsDataException(path, $"$P{n}B is {value}, but $DATATYPE F stores 32-bit floats");
            case FcsDataType.Double when value != 64:
                throw new FcsDataException(path, $"$P{n}B is {value}, but $DATATYPE D stores 64-bit floats");
            case FcsDataType.Ascii:
                return value;
            case FcsDataType.Integer when value % 8 != 0:
                // Beckman Coulter CXP writes $PnB 10 for 16-bit data: the value is stored in whole bytes, $PnR masks it.
                diagnostics.Add($"$P{n}B is {value}, not a whole number of bytes; read as {(value + 7) / 8 * 8}-bit values masked by $P{n}R");
                return (value + 7) / 8;
            default:
                return value / 8;
        }
    }

    private static (double Decades, double Offset) Amplification(int n, string? text, List<string> diagnostics)
    {
        if (text is null)
        {
            return (0, 0);
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var decades)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var offset))
        {
            diagnostics.Add($"$P{n}E is \"{text}\", not two numbers; the channel is read as linear");
            return (0, 0);
        }

        // FCS 3.1: f1 > 0 with f2 = 0 is a writer error and is read as f2 = 1.
        return decades > 0 ? (decades, offset == 0 ? 1 : offset) : (0, 0);
    }

    private static ulong Mask(FcsDataType dataType, int width, double? range)
    {
        var all = width >= 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1;
        if (dataType != FcsDataType.Integer || range is not { } r || r < 1 || r != Math.Floor(r) || r > ulong.MaxValue / 2.0)
        {
            return all;
        }

        // The bits needed for values below $PnR: 1024 gives 10 bits; 11209599 (not a power of two) gives 24.
        var bits = 64 - BitOperations.LeadingZeroCount((ulong)r - 1);
        return bits >= width * 8 ? all : (1UL << bits) - 1;
    }

    private static (long Start, long Span) LocateData(FcsHeader header, FcsKeywords keywords, long offset, FcsReadOptions options, List<string> diagnostics, string path)
    {
        (long, long)? fromHeader = header.DataStart is { } hs && header.DataEnd is { } he && (hs != 0 || he != 0) ? (hs, he) : null;
        var textStart = keywords.GetInt64("$BEGINDATA");
        var textEnd = keywords.GetInt64("$ENDDATA");
        (long, long)? fromText = textStart is { } ts && textEnd is { } te && (ts != 0 || te != 0) ? (ts, te) : null;
        if (fromHeader is { } h && fromText is { } t && h != t)
        {
            var problem = h.Item1 != t.Item1
                ? $"HEADER says DATA starts at {h.Item1}, TEXT $BEGINDATA says {t.Item1}"
                : $"HEADER says DATA ends at {h.Item2}, TEXT $ENDDATA says {t.Item2}";
            if (!options.Lenient)
            {
                throw new FcsDataException(path, $"{problem} (use lenient mode to trust HEADER)", offset + (h.Item1 != t.Item1 ? 26 : 34));
            }

            diagnostics.Add($"{problem}; HEADER trusted (lenient mode)");
        }

        var (start, end) = fromHeader ?? fromText ?? throw new FcsDataException(path, "the DATA offsets are missing from both the HEADER and TEXT ($BEGINDATA, $ENDDATA)", offset + 26);
        if (start < FcsHeader.Size || end < start - 1)
        {
            throw new FcsDataException(path, $"DATA is said to span bytes {start}..{end}, which is not a segment after the HEADER", offset + 26);
        }

        return (offset + start, end - start + 1);
    }

    private static long CountEvents(long? declared, int bytesPerEvent, long span, FcsDataType dataType, List<string> diagnostics, string path, FcsReadOptions options, long offset)
    {
        if (dataType == FcsDataType.Ascii && bytesPerEvent == 0)
        {
            return declared ?? throw new FcsDataException(path, "required keyword $TOT is missing (delimited ASCII data cannot be counted without it)");
        }

        if (declared is not { } events)
        {
            diagnostics.Add($"$TOT is missing; {span / bytesPerEvent} events counted from the DATA length");
            return span / bytesPerEvent;
        }

        var needed = (decimal)events * bytesPerEvent;
        if (needed > span)
        {
            if (!options.Lenient)
            {
                throw new FcsDataException(path, $"$TOT is {events} events of {bytesPerEvent} bytes ({needed} bytes), but DATA holds only {span} bytes", offset + 26);
            }

            diagnostics.Add($"$TOT is {events} but DATA holds {span / bytesPerEvent} events; those are read (lenient mode)");
            return span / bytesPerEvent;
        }

        if (needed + 1 == span)
        {
            diagnostics.Add("the DATA end offset is one byte past the last event (a common writer error); tolerated");
        }
        else if (needed < span)
        {
            diagnostics.Add($"DATA has {span - (long)needed} bytes more than its {events} events need; they are ignored");
        }

        return events;
    }
}
