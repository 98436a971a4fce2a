using System.Globalization;

namespace Conduit.Plugins.Datasets.Volumes;

/// <summary>
/// Diffusion gradients of a dataset, one per volume: b-values (s/mm²) and unit b-vectors, read from FSL's
/// <c>.bval</c> (one row of N values) and <c>.bvec</c> (three rows of N values, or N rows of three) files.
/// </summary>
public sealed class GradientTable
{
    /// <summary>Creates a table; the lists must have the same length.</summary>
    public GradientTable(IReadOnlyList<double> bValues, IReadOnlyList<(double X, double Y, double Z)> bVectors)
    {
        ArgumentNullException.ThrowIfNull(bValues);
        ArgumentNullException.ThrowIfNull(bVectors);
        if (bValues.Count != bVectors.Count)
        {
            throw new ArgumentException($"{bValues.Count} b-values but {bVectors.Count} b-vectors", nameof(bVectors));
        }

        BValues = bValues;
        BVectors = bVectors;
    }

    /// <summary>b-value of each volume, in s/mm².</summary>
    public IReadOnlyList<double> BValues { get; }

    /// <summary>Gradient direction of each volume.</summary>
    public IReadOnlyList<(double X, double Y, double Z)> BVectors { get; }

    /// <summary>Volumes.</summary>
    public int Count => BValues.Count;

    /// <summary>Reads FSL files.</summary>
    /// <exception cref="DatasetDataException">A file is malformed or the two disagree on the number of volumes.</exception>
    public static GradientTable ReadFsl(string bvalPath, string bvecPath)
    {
        var bvals = Rows(bvalPath, allowNaN: false).SelectMany(r => r).ToArray();
        var rows = Rows(bvecPath, allowNaN: true);
        (double, double, double)[] vectors;
        if (rows.Count == 3 && rows.All(r => r.Length == rows[0].Length))
        {
            vectors = [.. Enumerable.Range(0, rows[0].Length).Select(i => (rows[0][i], rows[1][i], rows[2][i]))];
        }
        else if (rows.All(r => r.Length == 3))
        {
            vectors = [.. rows.Select(r => (r[0], r[1], r[2]))];
        }
        else
        {
            throw new DatasetDataException(bvecPath, $"expected 3 rows of N values or N rows of 3 values, found {rows.Count} rows of {string.Join("/", rows.Select(r => r.Length).Distinct())} values");
        }

        if (vectors.Length != bvals.Length)
        {
            throw new DatasetDataException(bvecPath, $"{vectors.Length} b-vectors, but {Path.GetFileName(bvalPath)} has {bvals.Length} b-values");
        }

        return new GradientTable(bvals, vectors);
    }

    /// <summary>Volumes whose b-value is above <paramref name="threshold"/> (b = 0 volumes dropped).</summary>
    public VolumeSelection WithoutB0(double threshold = 50) => VolumeSelection.Where(Count, v => BValues[v.Value] > threshold);

    /// <summary>Rows of numbers. DIPY writes "nan nan nan" as the direction of a b = 0 volume; with
    /// <paramref name="allowNaN"/> such a value reads as 0 (no direction).</summary>
    private static List<double[]> Rows(string path, bool allowNaN)
    {
        var rows = new List<double[]>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            var fields = text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            var row = new double[fields.Length];
            for (var i = 0; i < fields.Length; i++)
            {
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out row[i]) || double.IsInfinity(row[i]) || (double.IsNaN(row[i]) && !allowNaN))
                {
                    throw new DatasetDataException(path, $"line {line}: \"{fields[i]}\" is not a number");
                }

                row[i] = double.IsNaN(row[i]) ? 0 : row[i];
            }

            rows.Add(row);
        }

        return rows;
    }
}
