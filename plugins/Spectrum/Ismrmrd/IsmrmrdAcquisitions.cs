using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Spectrum.Ismrmrd;

/// <summary>
/// The acquisition headers of a whole measurement, from its windows in acquisition order: encoding counters from the
/// Pulseq labels (LIN → kspace_encode_step_1, PAR → step 2, SLC → slice, AVG → average, ECO → contrast, PHS → phase,
/// SET → set, SEG → segment; REP → repetition, and each further play of the whole sequence adds REP's range), the
/// first/last flags of each loop, reverse and navigator flags, dwell, and the time stamp in 2.5 ms ticks of the
/// sequence's clock (the unit Gadgetron assumes). Knowing every window first is what lets the last-in flags be right.
/// </summary>
internal static class IsmrmrdAcquisitions
{
    /// <summary>Bytes a header takes while the measurement is written.</summary>
    public const long BytesPerHeader = 360;

    private static readonly (string Label, string Limit)[] Counters =
    [
        ("LIN", "kspace_encoding_step_1"), ("PAR", "kspace_encoding_step_2"), ("AVG", "average"), ("SLC", "slice"),
        ("ECO", "contrast"), ("PHS", "phase"), ("REP", "repetition"), ("SET", "set"), ("SEG", "segment"),
    ];

    public static unsafe IsmrmrdAcquisition[] Headers(IReadOnlyList<AcquisitionWindow> windows)
    {
        var repetitionsPerPlay = 1 + windows.Max(w => w.Labels.GetValueOrDefault("REP"));
        var headers = new IsmrmrdAcquisition[windows.Count];
        for (var i = 0; i < windows.Count; i++)
        {
            var window = windows[i];
            ref var h = ref headers[i];
            h.Version = IsmrmrdAcquisition.FormatVersion;
            h.ScanCounter = (uint)window.Index;
            h.AcquisitionTimeStamp = (uint)Math.Round(window.StartFrame / window.SampleRate / 2.5e-3);
            h.NumberOfSamples = Counter(window, "samples", window.Samples);
            h.AvailableChannels = 1;
            h.ActiveChannels = 1;
            h.ChannelMask[0] = 1;
            var centre = window.Sequence?.Numbers("kSpaceCenterSample") is [var c, ..] && c >= 0 && c < window.Samples ? (int)c : window.Samples / 2;
            h.CenterSample = (ushort)centre;
            h.SampleTimeMicroseconds = (float)(window.DwellSeconds * 1e6);
            h.ReadDirection[0] = 1;
            h.PhaseDirection[1] = 1;
            h.SliceDirection[2] = 1;
            h.Index.KSpaceEncodeStep1 = Counter(window, "LIN", window.Labels.GetValueOrDefault("LIN"));
            h.Index.KSpaceEncodeStep2 = Counter(window, "PAR", window.Labels.GetValueOrDefault("PAR"));
            h.Index.Average = Counter(window, "AVG", window.Labels.GetValueOrDefault("AVG"));
            h.Index.Slice = Counter(window, "SLC", window.Labels.GetValueOrDefault("SLC"));
            h.Index.Contrast = Counter(window, "ECO", window.Labels.GetValueOrDefault("ECO"));
            h.Index.Phase = Counter(window, "PHS", window.Labels.GetValueOrDefault("PHS"));
            h.Index.Repetition = Counter(window, "REP", window.Labels.GetValueOrDefault("REP") + (window.Repetition * repetitionsPerPlay));
            h.Index.Set = Counter(window, "SET", window.Labels.GetValueOrDefault("SET"));
            h.Index.Segment = Counter(window, "SEG", window.Labels.GetValueOrDefault("SEG"));
            var flags = IsmrmrdFlags.None;
            flags |= window.Labels.GetValueOrDefault("REV") != 0 ? IsmrmrdFlags.IsReverse : 0;
            flags |= window.Labels.GetValueOrDefault("NAV") != 0 ? IsmrmrdFlags.IsNavigationData : 0;
            h.Flags = (ulong)flags;
        }

        // A loop's first and last acquisitions, each loop keyed by the counters outside it.
        Mark(headers, h => (h.Index.Slice, h.Index.Contrast, h.Index.Phase, h.Index.Repetition, h.Index.Set, h.Index.Average, h.Index.KSpaceEncodeStep2), IsmrmrdFlags.FirstInEncodeStep1, IsmrmrdFlags.LastInEncodeStep1);
        Mark(headers, h => (h.Index.Slice, h.Index.Contrast, h.Index.Phase, h.Index.Repetition, h.Index.Set, h.Index.Average), IsmrmrdFlags.FirstInEncodeStep2, IsmrmrdFlags.LastInEncodeStep2);
        Mark(headers, h => (h.Index.Slice, h.Index.Repetition), IsmrmrdFlags.FirstInSlice, IsmrmrdFlags.LastInSlice);
        Mark(headers, h => h.Index.Repetition, IsmrmrdFlags.FirstInRepetition, IsmrmrdFlags.LastInRepetition);
        headers[^1].Flags |= (ulong)IsmrmrdFlags.LastInMeasurement;
        return headers;
    }

    /// <summary>The encoding limits of the headers (minimum, maximum, centre), with the centres the sequence defines
    /// (<c>kSpaceCenterLine</c>, <c>kSpaceCenterPartition</c>, <c>kSpaceCenterSample</c>) or the middle.</summary>
    public static List<(string Name, int Minimum, int Maximum, int Centre)> Limits(IsmrmrdAcquisition[] headers, SequenceDescription? sequence)
    {
        var samples = headers.Max(h => (int)h.NumberOfSamples);
        var limits = new List<(string, int, int, int)> { ("kspace_encoding_step_0", 0, samples - 1, headers[0].CenterSample) };
        foreach (var (label, limit) in Counters)
        {
            var values = headers.Select(h => (int)Value(h.Index, label)).ToList();
            var (minimum, maximum) = (values.Min(), values.Max());
            var defined = label switch
            {
                "LIN" => sequence?.Numbers("kSpaceCenterLine"),
                "PAR" => sequence?.Numbers("kSpaceCenterPartition"),
                _ => null,
            };
            var centre = defined is [var c, ..] && c >= 0 && c <= ushort.MaxValue ? (int)c : label is "LIN" or "PAR" ? (minimum + maximum + 1) / 2 : 0;
            limits.Add((limit, minimum, maximum, centre));
        }

        return limits;
    }

    public static ushort Value(IsmrmrdEncodingCounters index, string label) => label switch
    {
        "LIN" => index.KSpaceEncodeStep1,
        "PAR" => index.KSpaceEncodeStep2,
        "AVG" => index.Average,
        "SLC" => index.Slice,
        "ECO" => index.Contrast,
        "PHS" => index.Phase,
        "REP" => index.Repetition,
        "SET" => index.Set,
        _ => index.Segment,
    };

    private static ushort Counter(AcquisitionWindow window, string name, int value) =>
        value is >= 0 and <= ushort.MaxValue
            ? (ushort)value
            : throw new InvalidDataException($"ADC event {window.Index}: {name} is {value}, and ISMRMRD counts it in 16 bits (0 to 65535)");

    private static void Mark<TKey>(IsmrmrdAcquisition[] headers, Func<IsmrmrdAcquisition, TKey> loop, IsmrmrdFlags first, IsmrmrdFlags last)
        where TKey : notnull
    {
        var seen = new Dictionary<TKey, int>();
        for (var i = 0; i < headers.Length; i++)
        {
            var key = loop(headers[i]);
            if (!seen.ContainsKey(key))
            {
                headers[i].Flags |= (ulong)first;
            }

            seen[key] = i;
        }

        foreach (var i in seen.Values)
        {
            headers[i].Flags |= (ulong)last;
        }
    }
}
