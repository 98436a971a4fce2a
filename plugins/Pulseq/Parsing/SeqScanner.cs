using System.Globalization;
using System.Text;

namespace Conduit.Plugins.Pulseq.Parsing;

/// <summary>First pass over a <c>.seq</c> file: splits it into lines and sorts them into sections.</summary>
internal sealed class SeqScanner
{
    private static readonly char[] Separators = [' ', '\t'];
    private readonly string? _file;
    private readonly RawSequence _raw = new();
    private string _section = string.Empty;
    private RawExtension? _extension;
    private RawShape? _shape;
    private bool _shapeHasCount;
    private int _shapeId;
    private int _shapeIdLine;

    private SeqScanner(string? file) => _file = file;

    /// <summary>Sorts the lines of <paramref name="bytes"/> (ASCII; other bytes are read as Latin-1).</summary>
    /// <param name="bytes">The file.</param>
    /// <param name="file">Its name, for messages.</param>
    /// <param name="cancellationToken">Looked at every 65,536 lines (a few milliseconds of scanning).</param>
    public static RawSequence Scan(ReadOnlySpan<byte> bytes, string? file, CancellationToken cancellationToken = default)
    {
        var scanner = new SeqScanner(file);
        var text = Encoding.Latin1.GetString(bytes);
        var start = 0;
        var lineNumber = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            if (++lineNumber % 65536 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            scanner.Line(text.AsSpan(start, end - start).TrimEnd('\r'), lineNumber, start);
            start = end + 1;
        }

        scanner.EndShape();
        return scanner._raw;
    }

    private void Line(ReadOnlySpan<char> line, int number, int offset)
    {
        var trimmed = line.Trim();
        if (trimmed.IsEmpty)
        {
            EndShape();
            return;
        }

        if (trimmed[0] == '#')
        {
            return;
        }

        if (trimmed[0] == '[')
        {
            EndShape();
            _extension = null;
            _section = trimmed.ToString().ToUpperInvariant();
            if (_section == "[SIGNATURE]")
            {
                _raw.SignatureOffset = offset;
            }
            else if (_section == "[VERSION]")
            {
                _raw.VersionLine = number;
            }
            else if (_section == "[DELAYS]")
            {
                _raw.DelaysLine = number;
            }
            else if (!KnownSection(_section))
            {
                throw new PulseqDataException(_file, $"unknown section {trimmed}", number);
            }

            return;
        }

        var row = new SeqRow(_file, number, trimmed.ToString().Split(Separators, StringSplitOptions.RemoveEmptyEntries));
        switch (_section)
        {
            case "[VERSION]":
                Version(row);
                break;
            case "[DEFINITIONS]":
                var text = trimmed.ToString();
                var split = text.IndexOfAny(Separators);
                _raw.Definitions.Add(split < 0
                    ? new(text, string.Empty)
                    : new(text[..split], text[(split + 1)..].Trim()));
                break;
            case "[BLOCKS]":
                _raw.Blocks.Add(row);
                break;
            case "[RF]":
                _raw.Rf.Add(row);
                break;
            case "[GRADIENTS]":
                _raw.Gradients.Add(row);
                break;
            case "[TRAP]":
                _raw.Traps.Add(row);
                break;
            case "[ADC]":
                _raw.Adc.Add(row);
                break;
            case "[DELAYS]":
                _raw.Delays.Add(row);
                break;
            case "[EXTENSIONS]":
                Extension(row);
                break;
            case "[SHAPES]":
                ShapeLine(row);
                break;
            case "[SIGNATURE]":
                Signature(row);
                break;
            default:
                throw row.Error($"data before the first section: \"{trimmed}\"");
        }
    }

    private static bool KnownSection(string section) => section is "[DEFINITIONS]" or "[BLOCKS]" or "[RF]" or "[GRADIENTS]"
        or "[TRAP]" or "[ADC]" or "[EXTENSIONS]" or "[SHAPES]";

    private void Version(SeqRow row)
    {
        row.RequireCount("[VERSION]", 2);
        switch (row.Fields[0].ToUpperInvariant())
        {
            case "MAJOR": _raw.Major = row; break;
            case "MINOR": _raw.Minor = row; break;
            case "REVISION": _raw.Revision = row; break;
            default: throw row.Error($"[VERSION] has \"{row.Fields[0]}\", expected major, minor or revision");
        }
    }

    private void Extension(SeqRow row)
    {
        if (string.Equals(row.Fields[0], "extension", StringComparison.OrdinalIgnoreCase))
        {
            row.RequireCount("extension header", 3);
            _extension = new RawExtension(row.Fields[1], row.Id(2, "extension type"), row.Line, []);
            _raw.Extensions.Add(_extension);
        }
        else if (_extension is null)
        {
            _raw.ExtensionEntries.Add(row);
        }
        else
        {
            _extension.Rows.Add(row);
        }
    }

    private void ShapeLine(SeqRow row)
    {
        var key = row.Fields[0].ToUpperInvariant();
        if (key == "SHAPE_ID")
        {
            EndShape();
            row.RequireCount("shape_id", 2);
            _shapeId = row.Id(1, "shape_id");
            _shapeIdLine = row.Line;
            _shapeHasCount = false;
            return;
        }

        if (key == "NUM_SAMPLES")
        {
            if (_shapeId == 0 || _shapeHasCount)
            {
                throw row.Error("num_samples without a shape_id line before it");
            }

            row.RequireCount("num_samples", 2);
            _shape = new RawShape(_shapeId, (int)row.Long(1, "num_samples", 0, int.MaxValue), _shapeIdLine, []);
            _shapeHasCount = true;
            return;
        }

        if (_shape is null)
        {
            throw row.Error(_shapeId == 0 ? "shape value before any shape_id" : $"shape {_shapeId} has values before its num_samples line");
        }

        row.RequireCount($"shape {_shape.Id} value", 1);
        if (_shape.Stored.Count >= (2L * _shape.Samples) + 3)
        {
            // A compressed shape never stores more values than it expands to (plus a run header); stop a corrupt
            // file from growing this list without bound.
            throw row.Error($"shape {_shape.Id} stores more values than its num_samples {_shape.Samples} can use");
        }

        _shape.Stored.Add(row.Double(0, $"shape {_shape.Id} value"));
    }

    private void EndShape()
    {
        if (_shape is not null)
        {
            _raw.Shapes.Add(_shape);
        }
        else if (_shapeId != 0)
        {
            throw new PulseqDataException(_file, $"shape {_shapeId} has no num_samples line", _shapeIdLine);
        }

        _shape = null;
        _shapeId = 0;
    }

    private void Signature(SeqRow row)
    {
        switch (row.Fields[0].ToUpperInvariant())
        {
            case "TYPE" when row.Count == 2:
                _raw.SignatureType = row.Fields[1];
                break;
            case "HASH" when row.Count == 2:
                _raw.SignatureHash = row.Fields[1];
                break;
            default:
                _raw.Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"line {row.Line}: [SIGNATURE] entry \"{string.Join(' ', row.Fields)}\" is not Type or Hash; ignored"));
                break;
        }
    }
}
