using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Network;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// <c>dicos.send</c>: a C-STORE SCU. Sends each file it receives (as <c>dicos.write-ct</c> and <c>dicos.write-tdr</c>
/// pass them on) as it arrives, then the files it is given, to a remote AE over one association, and fails with the
/// peer's status and its meaning when the peer refuses.
/// </summary>
public sealed class SendDicosStage(SendDicosOptions options) : ISinkStage<WrittenFile>
{
    private const int BufferBytes = 1 << 18;

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelReader<WrittenFile> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = await context.GetPool(options.Pool).RentAsync(BufferBytes, cancellationToken);
        using var tls = options.Tls is null ? null : new DicomTls(options.Tls, context.ResolvePath, server: false);
        var settings = new StoreScuSettings(
            options.Host, options.Port, options.CalledAeTitle, options.CallingAeTitle, BufferBytes, TimeSpan.FromSeconds(options.TimeoutSeconds),
            options.Retries, TimeSpan.FromSeconds(options.RetryDelaySeconds), tls);
        await using var sender = new StoreScu(settings, buffer.Memory[..BufferBytes], context.Logger);
        await foreach (var file in input.ReadAllAsync(cancellationToken))
        {
            using (file)
            {
                await sender.SendAsync(file.Path, cancellationToken);
                context.Progress.Advance();
            }
        }

        foreach (var file in options.Files)
        {
            await sender.SendAsync(context.ResolvePath(file), cancellationToken);
            context.Progress.Advance();
        }
    }
}
