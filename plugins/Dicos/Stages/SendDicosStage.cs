using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Network;
using Conduit.Plugins.Dicos.Writing;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// <c>dicos.send</c>: a C-STORE SCU. Sends the frames it receives as one DICOS CT, then the files it is given, to a
/// remote AE over one association, and fails with the peer's status and its meaning when the peer refuses.
/// </summary>
public sealed class SendDicosStage(SendDicosOptions options) : ISinkStage<ImageFrame>
{
    private const int BufferBytes = 1 << 18;

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<ImageFrame> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var pool = context.GetPool(options.Pool);
        using var buffer = await pool.RentAsync(BufferBytes, cancellationToken);
        using var tls = options.Tls is null ? null : new DicomTls(options.Tls, context.ResolvePath, server: false);
        var settings = new StoreScuSettings(
            options.Host, options.Port, options.CalledAeTitle, options.CallingAeTitle, BufferBytes, TimeSpan.FromSeconds(options.TimeoutSeconds),
            options.Retries, TimeSpan.FromSeconds(options.RetryDelaySeconds), tls);
        await using var sender = new StoreScu(settings, buffer.Memory[..BufferBytes], context.Logger);
        using (var writer = new DicosCtWriter(pool, options.Encoding, new StoredSamples(options.RescaleSlope, options.RescaleIntercept), options.RescaleType))
        {
            var frames = 0;
            await foreach (var frame in input.ReadAllAsync(cancellationToken))
            {
                using (frame)
                {
                    await writer.AppendAsync(frame, cancellationToken);
                    frames++;
                }
            }

            if (frames > 0)
            {
                var ct = Path.Combine(Path.GetTempPath(), $"conduit-send-{Guid.NewGuid():N}.dcs");
                try
                {
                    await using (var file = new FileStream(ct, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                    {
                        writer.WriteTo(file, DateTime.Now);
                    }

                    await sender.SendAsync(ct, cancellationToken);
                }
                finally
                {
                    File.Delete(ct);
                }
            }
        }

        foreach (var file in options.Files)
        {
            await sender.SendAsync(context.ResolvePath(file), cancellationToken);
        }
    }
}
