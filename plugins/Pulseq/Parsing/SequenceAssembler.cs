using System.Globalization;
using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Parsing;

/// <summary>Second pass: reads the blocks, checks every id they refer to, derives what older versions leave implicit
/// (block durations, gradient edge values), resolves extensions and sums up the sequence.</summary>
internal sealed class SequenceAssembler(string? file, PulseqVersion version, SequenceRasters rasters, List<string> warnings)
{
    /// <summary>Longest block: 10⁶ s, as for every other time in the file.</summary>
    private const long MaxBlockPs = 1_000_000_000_000_000_000;

    private static readonly HashSet<string> KnownExtensions = ["LABELSET", "LABELINC", "TRIGGERS", "ROTATIONS", "DELAYS", "RF_SHIMS"];

    public required Dictionary<int, RfEvent> Rf { get; init; }

    public required Dictionary<int, GradientEvent> Gradients { get; init; }

    public required Dictionary<int, AdcEvent> Adc { get; init; }

    public required Dictionary<int, long> LegacyDelays { get; init; }

    public required Dictionary<int, Shape> Shapes { get; init; }

    public SequenceParts Assemble(RawSequence raw, SignatureCheck signature)
    {
        var (entries, extensions) = ExtensionsOf(raw);
        var blocks = BlocksOf(raw.Blocks, entries);
        if (!version.AtLeast15)
        {
            DeriveGradientEdges(blocks);
        }

        CheckEventsFitBlocks(blocks);
        var (once, rotations) = WalkExtensions(blocks, entries, extensions);
        return new SequenceParts
        {
            FilePath = file,
            Version = version,
            Definitions = raw.Definitions,
            Rasters = rasters,
            Blocks = blocks,
            Rf = Rf,
            Gradients = Gradients,
            Adc = Adc,
            Shapes = Shapes,
            ExtensionEntries = entries,
            Extensions = extensions,
            Signature = signature,
            Warnings = warnings,
            OnceFlags = once,
            BlockRotations = rotations,
            Summary = Summarise(blocks),
        };
    }

    private SeqBlock[] BlocksOf(List<SeqRow> rows, Dictionary<int, ExtensionEntry> entries)
    {
        if (rows.Count == 0)
        {
            throw new PulseqDataException(file, "the file has no [BLOCKS]; a sequence needs at least one block");
        }

        var blocks = new SeqBlock[rows.Count];
        var ids = new HashSet<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (version.AtLeast14)
            {
                row.RequireCount("[BLOCKS]", 8);
            }
            else
            {
                row.RequireCount("[BLOCKS] (v1.2/1.3)", 7, 8);
            }

            var id = row.Id(0, "block id");
            if (!ids.Add(id))
            {
                throw row.Error($"block id {id} is used twice");
            }

            var rf = Reference(row, 2, "RF", Rf);
            var gx = Reference(row, 3, "gradient (x)", Gradients);
            var gy = Reference(row, 4, "gradient (y)", Gradients);
            var gz = Reference(row, 5, "gradient (z)", Gradients);
            var adc = Reference(row, 6, "ADC", Adc);
            var ext = row.Count == 8 ? Reference(row, 7, "extension", entries) : 0;
            long duration;
            if (version.AtLeast14)
            {
                var count = row.Long(1, "block duration", 0, MaxBlockPs / rasters.BlockDurationPs);
                duration = count * rasters.BlockDurationPs;
            }
            else
            {
                var delay = Reference(row, 1, "delay", LegacyDelays);
                duration = delay == 0 ? 0 : LegacyDelays[delay];
                duration = Math.Max(duration, EventsEnd(rf, gx, gy, gz, adc));
            }

            blocks[i] = new SeqBlock(id, duration, rf, gx, gy, gz, adc, ext, row.Line);
        }

        return blocks;
    }

    private long EventsEnd(int rf, int gx, int gy, int gz, int adc)
    {
        long end = 0;
        if (rf != 0)
        {
            end = Math.Max(end, Rf[rf].DelayPs + Rf[rf].DurationPs);
        }

        foreach (var g in (ReadOnlySpan<int>)[gx, gy, gz])
        {
            if (g != 0)
            {
                end = Math.Max(end, Gradients[g].DelayPs + Gradients[g].DurationPs);
            }
        }

        if (adc != 0)
        {
            end = Math.Max(end, Adc[adc].DelayPs + Adc[adc].DurationPs);
        }

        return end;
    }

    private static int Reference<T>(SeqRow row, int index, string what, IReadOnlyDictionary<int, T> library)
    {
        var id = row.Id(index, $"{what} id", allowZero: true);
        return id == 0 || library.ContainsKey(id) ? id : throw row.Error($"block refers to {what} {id}, which is not defined");
    }

    /// <summary>
    /// Files before 1.5 do not store an arbitrary gradient's values at its first and last raster edge. As the MATLAB
    /// reader does: the first edge continues the previous block's gradient on that axis when it ends at the block
    /// boundary (else 0), and the remaining edges follow from the cell-centre samples (each centre is the mean of its
    /// two edges).
    /// </summary>
    private void DeriveGradientEdges(SeqBlock[] blocks)
    {
        Span<double> previousLast = stackalloc double[3];
        foreach (var block in blocks)
        {
            for (var axis = 0; axis < 3; axis++)
            {
                var id = block.Gradient(axis);
                if (id == 0 || Gradients[id] is not ArbitraryGradient g)
                {
                    previousLast[axis] = 0;
                    continue;
                }

                if (double.IsNaN(g.First))
                {
                    var first = g.DelayPs > 0 ? 0 : previousLast[axis];
                    var last = g.TimeShapeId != 0 ? g.Waveform[^1] * g.Amplitude : RestoreLastEdge(first, g);
                    if (g.TimeShapeId != 0)
                    {
                        first = g.Waveform[0] * g.Amplitude;
                    }

                    g = g with { First = first, Last = last };
                    Gradients[id] = g;
                }

                previousLast[axis] = g.DelayPs + g.DurationPs >= block.DurationPs ? g.Last : 0;
            }
        }
    }

    private static double RestoreLastEdge(double first, ArbitraryGradient g)
    {
        var edge = first;
        foreach (var centre in g.Waveform)
        {
            edge = (2 * centre * g.Amplitude) - edge;
        }

        return edge;
    }

    private void CheckEventsFitBlocks(SeqBlock[] blocks)
    {
        var late = 0;
        SeqBlock? firstLate = null;
        foreach (var block in blocks)
        {
            if (EventsEnd(block.Rf, block.Gx, block.Gy, block.Gz, block.Adc) > block.DurationPs)
            {
                firstLate ??= block;
                late++;
            }
        }

        if (firstLate is { } b)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{late} block(s) have an event that ends after the block, the first at line {b.Line}; the unroller cuts events at their block's end"));
        }
    }

    private (Dictionary<int, ExtensionEntry>, List<ExtensionSpecification>) ExtensionsOf(RawSequence raw)
    {
        var specs = new List<ExtensionSpecification>();
        var types = new HashSet<int>();
        foreach (var ext in raw.Extensions)
        {
            if (!types.Add(ext.Type))
            {
                throw new PulseqDataException(file, $"extension type {ext.Type} is declared twice", ext.Line);
            }

            var name = ext.Name.ToUpperInvariant();
            var known = KnownExtensions.Contains(name);
            var objects = new Dictionary<int, string[]>();
            foreach (var row in ext.Rows)
            {
                var fields = row.Fields[1..];
                if (known)
                {
                    CheckFields(name, row, fields);
                }

                if (!objects.TryAdd(row.Id(0, $"{ext.Name} id"), fields))
                {
                    throw row.Error($"{ext.Name} object {row.Fields[0]} is defined twice");
                }
            }

            specs.Add(new ExtensionSpecification(ext.Name, ext.Type, objects, known));
        }

        var required = raw.Definitions.FindLast(d => d.Key == "RequiredExtensions").Value?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries) ?? [];
        foreach (var name in required)
        {
            if (!KnownExtensions.Contains(name.ToUpperInvariant()))
            {
                throw new PulseqDataException(file, $"RequiredExtensions lists {name}, which this reader does not support");
            }
        }

        var entries = new Dictionary<int, ExtensionEntry>();
        foreach (var row in raw.ExtensionEntries)
        {
            row.RequireCount("[EXTENSIONS]", 4);
            var entry = new ExtensionEntry(row.Id(0, "extension entry id"), row.Id(1, "extension type"), row.Id(2, "extension object id"), row.Id(3, "next entry", true), row.Line);
            if (!entries.TryAdd(entry.Id, entry))
            {
                throw row.Error($"extension entry {entry.Id} is defined twice");
            }

            var spec = specs.Find(s => s.Type == entry.Type) ?? throw row.Error($"extension type {entry.Type} has no \"extension NAME {entry.Type}\" table");
            if (!spec.Objects.ContainsKey(entry.Reference))
            {
                throw row.Error($"{spec.Name} object {entry.Reference} is not defined");
            }
        }

        foreach (var entry in entries.Values)
        {
            if (entry.Next != 0 && !entries.ContainsKey(entry.Next))
            {
                throw new PulseqDataException(file, $"extension entry {entry.Id} links to entry {entry.Next}, which is not defined", entry.Line);
            }
        }

        foreach (var spec in specs.Where(s => !s.IsKnown))
        {
            warnings.Add($"extension {spec.Name} (type {spec.Type}, {spec.Objects.Count} object(s)) is not understood; it is kept and has no effect on unrolling");
        }

        return (entries, specs);
    }

    private static void CheckFields(string name, SeqRow row, string[] fields)
    {
        var ok = name switch
        {
            "LABELSET" or "LABELINC" => fields.Length == 2,
            "TRIGGERS" or "ROTATIONS" or "DELAYS" => fields.Length == 4,
            "RF_SHIMS" => fields.Length >= 1 && int.TryParse(fields[0], out var n) && n >= 0 && fields.Length == 1 + (2 * n),
            _ => true,
        };
        if (!ok)
        {
            throw row.Error($"{name} object has {fields.Length} fields after its id: \"{string.Join(' ', fields)}\"");
        }

        if (name is "TRIGGERS" or "ROTATIONS" or "DELAYS")
        {
            for (var i = name == "DELAYS" ? 1 : 0; i < (name == "DELAYS" ? 3 : 4); i++)
            {
                row.Double(i + 1, $"{name} field {i + 1}");
            }
        }
        else if (name is "LABELSET" or "LABELINC")
        {
            // Kept as a plain integer, so that walking the labels reads what was checked here ("1.0" is 1).
            fields[0] = row.Long(1, $"{name} value", int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Walks the label state through the blocks (LABELSET before LABELINC, as the spec orders them) to find
    /// each block's ONCE flag, and resolves each block's rotation.</summary>
    private (byte[]? Once, double[]?[]? Rotations) WalkExtensions(SeqBlock[] blocks, Dictionary<int, ExtensionEntry> entries, List<ExtensionSpecification> specs)
    {
        if (entries.Count == 0)
        {
            return (null, null);
        }

        var byType = specs.ToDictionary(s => s.Type);
        byte[]? once = null;
        double[]?[]? rotations = null;
        long onceValue = 0;
        var sets = new List<string[]>();
        var incs = new List<string[]>();
        for (var b = 0; b < blocks.Length; b++)
        {
            sets.Clear();
            incs.Clear();
            var steps = 0;
            for (var id = blocks[b].Extension; id != 0; id = entries[id].Next)
            {
                if (++steps > entries.Count)
                {
                    throw new PulseqDataException(file, $"block {blocks[b].Id}'s extension list loops back on itself", blocks[b].Line);
                }

                var entry = entries[id];
                var spec = byType[entry.Type];
                var fields = spec.Objects[entry.Reference];
                switch (spec.Name.ToUpperInvariant())
                {
                    case "LABELSET": sets.Add(fields); break;
                    case "LABELINC": incs.Add(fields); break;
                    case "ROTATIONS":
                        rotations ??= new double[]?[blocks.Length];
                        rotations[b] = RotationMatrix(fields) ?? throw new PulseqDataException(file, $"ROTATIONS object {entry.Reference} is not a unit quaternion ({string.Join(' ', fields)})", entry.Line);
                        break;
                }
            }

            foreach (var f in sets.Where(f => string.Equals(f[1], "ONCE", StringComparison.OrdinalIgnoreCase)))
            {
                onceValue = long.Parse(f[0], CultureInfo.InvariantCulture);
            }

            foreach (var f in incs.Where(f => string.Equals(f[1], "ONCE", StringComparison.OrdinalIgnoreCase)))
            {
                onceValue += long.Parse(f[0], CultureInfo.InvariantCulture);
            }

            if (onceValue != 0)
            {
                once ??= new byte[blocks.Length];
                once[b] = (byte)(onceValue == 1 ? 1 : 2);
            }
        }

        return (once, rotations);
    }

    private static double[]? RotationMatrix(string[] fields)
    {
        var q = fields.Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var norm = Math.Sqrt((q[0] * q[0]) + (q[1] * q[1]) + (q[2] * q[2]) + (q[3] * q[3]));
        if (!double.IsFinite(norm) || Math.Abs(norm - 1) > 0.01)
        {
            return null;
        }

        var (w, x, y, z) = (q[0] / norm, q[1] / norm, q[2] / norm, q[3] / norm);
        return
        [
            1 - (2 * ((y * y) + (z * z))), 2 * ((x * y) - (z * w)), 2 * ((x * z) + (y * w)),
            2 * ((x * y) + (z * w)), 1 - (2 * ((x * x) + (z * z))), 2 * ((y * z) - (x * w)),
            2 * ((x * z) - (y * w)), 2 * ((y * z) + (x * w)), 1 - (2 * ((x * x) + (y * y))),
        ];
    }

    private SequenceSummary Summarise(SeqBlock[] blocks)
    {
        long duration = 0, active = 0, adcSamples = 0;
        int rf = 0, adc = 0, gradients = 0;
        Span<(long Start, long End)> intervals = stackalloc (long, long)[5];
        foreach (var block in blocks)
        {
            duration += block.DurationPs;
            if (duration > MaxBlockPs)
            {
                throw new PulseqDataException(file, "the blocks add up to more than 10⁶ s", block.Line);
            }

            var n = 0;
            if (block.Rf != 0)
            {
                rf++;
                intervals[n++] = Interval(Rf[block.Rf].DelayPs, Rf[block.Rf].DurationPs, block.DurationPs);
            }

            foreach (var g in (ReadOnlySpan<int>)[block.Gx, block.Gy, block.Gz])
            {
                if (g != 0)
                {
                    gradients++;
                    intervals[n++] = Interval(Gradients[g].DelayPs, Gradients[g].DurationPs, block.DurationPs);
                }
            }

            if (block.Adc != 0)
            {
                adc++;
                adcSamples += Adc[block.Adc].Samples;
                intervals[n++] = Interval(Adc[block.Adc].DelayPs, Adc[block.Adc].DurationPs, block.DurationPs);
            }

            active += UnionLength(intervals[..n]);
        }

        return new SequenceSummary(blocks.Length, duration, rf, gradients, adc, adcSamples, active, Shapes.Count, Shapes.Values.Count(s => s.WasCompressed))
        {
            RfChannels = Rf.Values.Select(e => e.Channels).DefaultIfEmpty(1).Max(),
        };
    }

    private static (long, long) Interval(long delay, long length, long blockEnd) => (Math.Min(delay, blockEnd), Math.Min(delay + length, blockEnd));

    private static long UnionLength(Span<(long Start, long End)> intervals)
    {
        intervals.Sort();
        long total = 0, end = long.MinValue;
        foreach (var (s, e) in intervals)
        {
            var start = Math.Max(s, end);
            if (e > start)
            {
                total += e - start;
                end = e;
            }
        }

        return total;
    }
}
