using System.Buffers.Binary;
using System.Text;

namespace Conduit.Plugins.Datasets.Nifti;

/// <summary>
/// A NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header in either byte order, with the fields a reader needs. Parsing
/// checks <c>sizeof_hdr</c>, the magic, the dimensions (1-7 of them, each positive, their product without overflow) and
/// the datatype; where the data lies is checked against the file by <see cref="NiftiFile"/>.
/// </summary>
public sealed record NiftiHeader
{
    /// <summary>Bytes of a NIfTI-1 header.</summary>
    public const int Nifti1Size = 348;

    /// <summary>Bytes of a NIfTI-2 header.</summary>
    public const int Nifti2Size = 540;

    /// <summary>1 or 2.</summary>
    public int Version { get; init; }

    /// <summary>Whether the file is big-endian.</summary>
    public bool BigEndian { get; init; }

    /// <summary>Sizes of the used dimensions (x, y, z, t, ...), dim[1..dim[0]].</summary>
    public IReadOnlyList<long> Dims { get; init; } = [];

    /// <summary>The voxel type.</summary>
    public NiftiDataType DataType { get; init; }

    /// <summary>pixdim[0..7]: qfac, then voxel sizes and the time step.</summary>
    public IReadOnlyList<double> PixDim { get; init; } = [];

    /// <summary>Byte offset of the voxel data.</summary>
    public long VoxOffset { get; init; }

    /// <summary>Scale of stored values (0 means none, as 1).</summary>
    public double SclSlope { get; init; }

    /// <summary>Offset of stored values.</summary>
    public double SclInter { get; init; }

    /// <summary>qform_code (0: no quaternion transform).</summary>
    public int QformCode { get; init; }

    /// <summary>sform_code (0: no affine rows).</summary>
    public int SformCode { get; init; }

    /// <summary>quatern_b, quatern_c, quatern_d.</summary>
    public (double B, double C, double D) Quaternion { get; init; }

    /// <summary>qoffset_x, qoffset_y, qoffset_z.</summary>
    public (double X, double Y, double Z) QOffset { get; init; }

    /// <summary>srow_x, srow_y, srow_z (4 values each), row-major.</summary>
    public IReadOnlyList<double> SRows { get; init; } = new double[12];

    /// <summary>xyzt_units.</summary>
    public int XyztUnits { get; init; }

    /// <summary>intent_code.</summary>
    public int IntentCode { get; init; }

    /// <summary>descrip, trimmed.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The magic, as written (<c>n+1</c>, <c>ni1</c>, <c>n+2</c>).</summary>
    public string Magic { get; init; } = string.Empty;

    /// <summary>Whether the header and data share one file (<c>n+1</c>, <c>n+2</c>).</summary>
    public bool SingleFile => Magic.StartsWith("n+", StringComparison.Ordinal);

    /// <summary>Size of the header in bytes.</summary>
    public int Size => Version == 1 ? Nifti1Size : Nifti2Size;

    /// <summary>Voxels of one 3D volume (x × y × z).</summary>
    public long VolumeVoxels => Dim(0) * Dim(1) * Dim(2);

    /// <summary>Volumes: the product of the dimensions after the third (1 for a 3D image).</summary>
    public long Volumes => Dims.Skip(3).Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes of one volume.</summary>
    public long VolumeBytes => VolumeVoxels * DataType.BytesPerVoxel();

    /// <summary>The size of dimension <paramref name="axis"/> (0 = x), 1 past the used ones.</summary>
    public long Dim(int axis) => axis < Dims.Count ? Dims[axis] : 1;

    /// <summary>Reads a header from the first bytes of a file (at least 348; 540 for NIfTI-2).</summary>
    /// <exception cref="DatasetDataException">Not a NIfTI header, or one with impossible values.</exception>
    public static NiftiHeader Parse(ReadOnlySpan<byte> bytes, string? path)
    {
        if (bytes.Length < 4)
        {
            throw new DatasetDataException(path, $"the file has {bytes.Length} bytes, too few for a NIfTI header", 0);
        }

        var little = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var big = BinaryPrimitives.ReadInt32BigEndian(bytes);
        var (version, bigEndian) = (little, big) switch
        {
            (Nifti1Size, _) => (1, false),
            (_, Nifti1Size) => (1, true),
            (Nifti2Size, _) => (2, false),
            (_, Nifti2Size) => (2, true),
            _ => throw new DatasetDataException(path, $"sizeof_hdr is {little} (byte-swapped {big}), expected 348 (NIfTI-1) or 540 (NIfTI-2)", 0),
        };
        var size = version == 1 ? Nifti1Size : Nifti2Size;
        if (bytes.Length < size)
        {
            throw new DatasetDataException(path, $"the file ends at byte {bytes.Length}, inside its {size}-byte NIfTI-{version} header", bytes.Length);
        }

        var r = new Reader(bytes, bigEndian);
        return version == 1 ? ParseVersion1(r, path) : ParseVersion2(r, path);
    }

    private static NiftiHeader ParseVersion1(Reader r, string? path)
    {
        var magic = r.Text(344, 4);
        if (magic is not ("n+1" or "ni1"))
        {
            throw new DatasetDataException(path, $"magic is \"{magic}\", expected \"n+1\" or \"ni1\"", 344);
        }

        var dims = Dimensions(r.Int16s(40, 8), path, 40);
        return new NiftiHeader
        {
            Version = 1,
            BigEndian = r.BigEndian,
            Dims = dims,
            DataType = DataTypeOf(r.Int16(70), path, 70),
            PixDim = r.Singles(76, 8),
            VoxOffset = VoxOffsetOf(r.Single(108), path),
            SclSlope = r.Single(112),
            SclInter = r.Single(116),
            XyztUnits = r.Byte(123),
            Description = r.Text(148, 80),
            QformCode = r.Int16(252),
            SformCode = r.Int16(254),
            Quaternion = (r.Single(256), r.Single(260), r.Single(264)),
            QOffset = (r.Single(268), r.Single(272), r.Single(276)),
            SRows = r.Singles(280, 12),
            IntentCode = r.Int16(68),
            Magic = magic,
        };
    }

    private static NiftiHeader ParseVersion2(Reader r, string? path)
    {
        var magic = r.Text(4, 3);
        if (magic != "n+2" && magic != "ni2")
        {
            throw new DatasetDataException(path, $"magic is \"{magic}\", expected \"n+2\" or \"ni2\"", 4);
        }

        var dims = Dimensions(r.Int64s(16, 8), path, 16);
        var voxOffset = r.Int64(168);
        if (voxOffset < 0)
        {
            throw new DatasetDataException(path, $"vox_offset is {voxOffset}, expected a non-negative byte offset", 168);
        }

        return new NiftiHeader
        {
            Version = 2,
            BigEndian = r.BigEndian,
            Dims = dims,
            DataType = DataTypeOf(r.Int16(12), path, 12),
            PixDim = r.Doubles(104, 8),
            VoxOffset = voxOffset,
            SclSlope = r.Double(176),
            SclInter = r.Double(184),
            Description = r.Text(240, 80),
            QformCode = r.Int32(344),
            SformCode = r.Int32(348),
            Quaternion = (r.Double(352), r.Double(360), r.Double(368)),
            QOffset = (r.Double(376), r.Double(384), r.Double(392)),
            SRows = r.Doubles(400, 12),
            XyztUnits = r.Int32(500),
            IntentCode = r.Int32(504),
            Magic = magic,
        };
    }

    private static long[] Dimensions(long[] dim, string? path, int offset)
    {
        if (dim[0] is < 1 or > 7)
        {
            throw new DatasetDataException(path, $"dim[0] is {dim[0]}, expected 1 to 7 dimensions", offset);
        }

        var used = dim[1..(int)(dim[0] + 1)];
        long product = 1;
        for (var i = 0; i < used.Length; i++)
        {
            if (used[i] < 1)
            {
                throw new DatasetDataException(path, $"dim[{i + 1}] is {used[i]}, expected a positive size", offset + ((i + 1) * (offset == 40 ? 2 : 8)));
            }

            if (product > long.MaxValue / 16 / used[i])
            {
                throw new DatasetDataException(path, $"the dimensions {string.Join(" × ", used)} overflow a 64-bit voxel count", offset);
            }

            product *= used[i];
        }

        return used;
    }

    private static NiftiDataType DataTypeOf(short code, string? path, int offset) =>
        NiftiDataTypes.IsSupported(code) ? (NiftiDataType)code
        : throw new DatasetDataException(path, $"datatype {code} is not supported (supported: {string.Join(", ", Enum.GetValues<NiftiDataType>().Select(t => $"{(short)t} {t.Name()}"))})", offset);

    private static long VoxOffsetOf(float value, string? path) =>
        value >= 0 && value < 9e15 && value == Math.Floor(value) ? (long)value
        : throw new DatasetDataException(path, $"vox_offset is {value}, expected a non-negative whole byte offset", 108);

    /// <summary>Reads fields in the file's byte order.</summary>
    private readonly ref struct Reader(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public bool BigEndian { get; } = bigEndian;

        public byte Byte(int at) => _bytes[at];

        public short Int16(int at) => BigEndian ? BinaryPrimitives.ReadInt16BigEndian(_bytes[at..]) : BinaryPrimitives.ReadInt16LittleEndian(_bytes[at..]);

        public int Int32(int at) => BigEndian ? BinaryPrimitives.ReadInt32BigEndian(_bytes[at..]) : BinaryPrimitives.ReadInt32LittleEndian(_bytes[at..]);

        public long Int64(int at) => BigEndian ? BinaryPrimitives.ReadInt64BigEndian(_bytes[at..]) : BinaryPrimitives.ReadInt64LittleEndian(_bytes[at..]);

        public float Single(int at) => BigEndian ? BinaryPrimitives.ReadSingleBigEndian(_bytes[at..]) : BinaryPrimitives.ReadSingleLittleEndian(_bytes[at..]);

        public double Double(int at) => BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(_bytes[at..]) : BinaryPrimitives.ReadDoubleLittleEndian(_bytes[at..]);

        public long[] Int16s(int at, int count)
        {
            var values = new long[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = Int16(at + (2 * i));
            }

            return values;
        }

        public long[] Int64s(int at, int count)
        {
            var values = new long[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = Int64(at + (8 * i));
            }

            return values;
        }

        public double[] Singles(int at, int count)
        {
            var values = new double[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = Single(at + (4 * i));
            }

            return values;
        }

        public double[] Doubles(int at, int count)
        {
            var values = new double[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = Double(at + (8 * i));
            }

            return values;
        }

        public string Text(int at, int length)
        {
            var field = _bytes.Slice(at, length);
            var end = field.IndexOf((byte)0);
            return Encoding.Latin1.GetString(end < 0 ? field : field[..end]).Trim();
        }
    }
}
