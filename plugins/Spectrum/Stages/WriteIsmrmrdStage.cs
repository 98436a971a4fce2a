using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Spectrum.Ismrmrd;

namespace Conduit.Plugins.Spectrum.Stages;

/// <summary>
/// <c>spectrum.write-ismrmrd</c>: writes the lines it receives as an ISMRMRD dataset (HDF5, group <c>dataset</c>),
/// through Debian's libismrmrd, so that Gadgetron, BART, ismrmrd-python and the ismrmrd tools read it: one
/// acquisition per line, every repetition kept, with the header of <see cref="IsmrmrdAcquisitions"/> and the XML header
/// of <see cref="IsmrmrdHeaderXml"/>. The file appears only when every line has arrived; a failed acquisition leaves
/// none.
/// </summary>
public sealed class WriteIsmrmrdStage(WriteIsmrmrdOptions options) : ISinkStage<AcquiredLine>
{
    // A line's row in memory: its window (labels counted apart) and spool offset, and list growth.
    private const long RowBytes = 160;

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<AcquiredLine> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        // Before a line is taken: a missing library must not cost an acquisition.
        IsmrmrdDataset.Require();
        await using var output = context.CreateOutputFile(options.Path);
        using var spool = new LineSpool();
        await using var held = new BudgetReservation(context.Budget);
        var windows = new List<AcquisitionWindow>();
        var offsets = new List<long>();
        await foreach (var line in input.ReadAllAsync(cancellationToken))
        {
            using (line)
            {
                await held.AddAsync(RowBytes + (8L * line.Window.Labels.Count), cancellationToken);
                windows.Add(line.Window);
                offsets.Add(spool.Append(line.Values));
            }
        }

        if (windows.Count == 0)
        {
            throw new InvalidOperationException("no lines arrived, so there is no raw data to write");
        }

        await held.AddAsync((windows.Count * IsmrmrdAcquisitions.BytesPerHeader) + (windows.Max(w => w.Samples) * 8L) + (1 << 20), cancellationToken);
        var headers = IsmrmrdAcquisitions.Headers(windows);
        var xml = IsmrmrdHeaderXml.Build(Encoding(windows, headers));

        // libismrmrd writes to a path of its own (HDF5 locks the file it opens), beside the output, then copied in.
        var scratch = output.TemporaryPath + ".ismrmrd";
        File.Delete(scratch);
        try
        {
            using (var file = IsmrmrdDataset.Create(scratch))
            {
                file.WriteHeader(xml);
                var values = new float[2 * windows.Max(w => w.Samples)];
                for (var i = 0; i < windows.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var line = values.AsSpan(0, 2 * windows[i].Samples);
                    spool.Read(offsets[i], line);
                    file.Append(headers[i], line);
                }

                file.Close();
            }

            await using (var written = new FileStream(scratch, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
            {
                await written.CopyToAsync(output.Stream, 1 << 20, cancellationToken);
            }
        }
        finally
        {
            File.Delete(scratch);
        }

        await output.CompleteAsync(cancellationToken);
    }

    private IsmrmrdEncoding Encoding(List<AcquisitionWindow> windows, IsmrmrdAcquisition[] headers)
    {
        var sequence = windows[0].Sequence;
        var limits = IsmrmrdAcquisitions.Limits(headers, sequence);
        int Extent(string name) => limits.Single(l => l.Name == name).Maximum + 1;
        var encoded = options.Matrix.Count > 0
            ? (options.Matrix[0], options.Matrix.ElementAtOrDefault(1) is > 0 and var y ? y : 1, options.Matrix.ElementAtOrDefault(2) is > 0 and var z ? z : 1)
            : (windows.Max(w => w.Samples), Extent("kspace_encoding_step_1"), Extent("kspace_encoding_step_2"));

        (double, double, double) fieldOfView;
        if (options.FieldOfView.Count > 0)
        {
            fieldOfView = (options.FieldOfView[0], options.FieldOfView.ElementAtOrDefault(1), options.FieldOfView.ElementAtOrDefault(2));
        }
        else if (sequence?.Numbers("FOV") is [var fx, var fy, ..] fov)
        {
            fieldOfView = (fx * 1e3, fy * 1e3, fov.Length > 2 ? fov[2] * 1e3 : 0);
        }
        else
        {
            throw new InvalidOperationException($"{options.Path}: the sequence defines no FOV, and the ISMRMRD header needs one: give fieldOfView (mm)");
        }

        var larmor = options.LarmorFrequency > 0 ? options.LarmorFrequency : windows[0].CarrierFrequencyHz;
        if (larmor <= 0)
        {
            throw new InvalidOperationException($"{options.Path}: the lines carry no carrier frequency (their receiver sets none), and the ISMRMRD header needs the Larmor frequency: give larmorFrequency (Hz)");
        }

        return new IsmrmrdEncoding(encoded, encoded, fieldOfView, limits, options.Trajectory, larmor, sequence);
    }
}
