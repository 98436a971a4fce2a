using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;
using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Network;

namespace Conduit.Plugins.Dicos.Stages;

/// <summary>
/// <c>dicos.receive</c>: a C-STORE SCP. It answers C-ECHO, takes the objects peers send, keeps them as files if asked,
/// and passes each image's frames on as <c>dicos.read</c> would (indexed from 0 for each object), one object at a time.
/// A sender hears success once its object is kept on disk (or, when objects are not kept, once its frames have been
/// passed on), and its association reads nothing more until the frames have been passed on: a full pipeline holds
/// senders back at the socket. A peer that breaks the protocol loses its association, and its half-received object is
/// deleted; the stage goes on serving the others.
/// </summary>
public sealed class ReceiveDicosStage(ReceiveDicosOptions options) : ISourceStage<ImageFrame>
{
    private const int FragmentBuffer = 1 << 16;

    /// <inheritdoc />
    public async Task RunAsync(IStageContext context, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var folder = options.Directory.Length > 0 ? context.ResolvePath(options.Directory) : null;
        if (folder is not null)
        {
            System.IO.Directory.CreateDirectory(folder);
        }

        var settings = new StoreScpSettings(
            options.AeTitle.Trim(), options.AcceptAnyCalledAeTitle, options.SopClasses.ToHashSet(), options.TransferSyntaxes, (uint)options.MaxPduLength,
            TimeSpan.FromSeconds(options.ArtimSeconds), TimeSpan.FromSeconds(options.TimeoutSeconds), options.MaxObjectBytes, folder ?? Path.GetTempPath());
        using var tls = options.Tls is null ? null : new DicomTls(options.Tls, context.ResolvePath, server: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var run = new Receiver(options, context, output, settings, folder, tls, stop);
        var listener = new TcpListener(IPAddress.Parse(options.Address), options.Port);
        listener.Start();
        NetworkLog.Listening(context.Logger, listener.LocalEndpoint, settings.AeTitle);
        var associations = new List<Task>();
        var idle = options.IdleSeconds > 0 ? run.WatchIdleAsync(TimeSpan.FromSeconds(options.IdleSeconds)) : Task.CompletedTask;
        try
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                associations.RemoveAll(a => a.IsCompletedSuccessfully);
                associations.Add(run.ServeAsync(client, cancellationToken));
            }
        }
        finally
        {
            listener.Stop();
            await stop.CancelAsync();
        }

        await Task.WhenAll(associations);
        await idle;
        NetworkLog.Summary(context.Logger, run.Stored, run.Failed);
    }

    // The state one run of the stage shares across its associations.
    private sealed class Receiver(ReceiveDicosOptions options, IStageContext context, ChannelWriter<ImageFrame> output, StoreScpSettings settings, string? folder, DicomTls? tls, CancellationTokenSource stop) : IDisposable
    {
        private readonly IBufferPool _pool = context.GetPool(options.Pool);
        private readonly SemaphoreSlim _passing = new(1, 1);
        private int _active;
        private int _taken;
        private int _stored;
        private int _failed;
        private long _lastActivity = Environment.TickCount64;

        public int Stored => _stored;

        public void Dispose() => _passing.Dispose();

        public int Failed => _failed;

        public async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
        {
            var overLimit = Interlocked.Increment(ref _active) > options.MaxAssociations;
            var peer = client.Client.RemoteEndPoint?.ToString() ?? "a peer";
            try
            {
                using (client)
                {
                    // A connection closed before its first byte is a port probe (a health check), not a fault.
                    if (!await SendsAnythingAsync(client, peer, cancellationToken))
                    {
                        return;
                    }

                    client.NoDelay = true;
                    await using var stream = tls is null ? client.GetStream() : await tls.AcceptAsync(client.GetStream(), peer, settings.ArtimTimeout, cancellationToken);
                    using var buffer = await _pool.RentAsync(FragmentBuffer, cancellationToken);
                    using var association = new StoreScpAssociation(stream, peer, settings, context.Logger);
                    await association.RunAsync(buffer.Memory[..FragmentBuffer], overLimit, TakeAsync, cancellationToken);
                }
            }
            catch (DicomNetworkException e)
            {
                Interlocked.Increment(ref _failed);
                NetworkLog.Aborted(context.Logger, e.Message);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The pipeline failed: stop taking objects; the runner reports the failure.
                await stop.CancelAsync();
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _active);
                Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);
            }
        }

        // Peeks at the first byte within the ARTIM time; false when the peer closed without sending one.
        private async Task<bool> SendsAnythingAsync(TcpClient client, string peer, CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(settings.ArtimTimeout);
            try
            {
                return await client.Client.ReceiveAsync(new byte[1], SocketFlags.Peek, deadline.Token) > 0;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DicomNetworkException($"{peer}: sent nothing within {settings.ArtimTimeout.TotalSeconds:0.###} s of connecting");
            }
            catch (SocketException)
            {
                return false;
            }
        }

        public async Task WatchIdleAsync(TimeSpan idle)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds, 1000)), stop.Token);
                    if (Volatile.Read(ref _active) == 0 && Environment.TickCount64 - Interlocked.Read(ref _lastActivity) >= idle.TotalMilliseconds)
                    {
                        NetworkLog.Idle(context.Logger, idle.TotalSeconds);
                        await stop.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped for another reason.
            }
        }

        private async Task<(ushort Status, string? Comment, Task? Remaining)> TakeAsync(ReceivedObject received, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);
            if (options.Count > 0 && Interlocked.Increment(ref _taken) > options.Count)
            {
                File.Delete(received.Path);
                return (DimseStatus.OutOfResources, $"this receiver takes {options.Count} objects", null);
            }

            var path = received.Path;
            MappedDicomFile? mapped = null;
            DicomImage? image;
            try
            {
                mapped = MappedDicomFile.Open(received.Path, _pool);
                var set = mapped.File.DataSet;
                if (set.GetString(DicomKeywords.SopClassUid) is { } sopClass && sopClass != received.SopClass)
                {
                    mapped.Dispose();
                    File.Delete(received.Path);
                    Interlocked.Decrement(ref _taken);
                    return (DimseStatus.DataSetDoesNotMatch, "SOP Class UID differs from the C-STORE's", null);
                }

                var hasPixels = set.TryGet(DicomTag.PixelData, out _) || set.TryGet(DicomTag.FloatPixelData, out _) || set.TryGet(DicomTag.DoubleFloatPixelData, out _);
                image = hasPixels ? new DicomImage(mapped.File) : null;
                if (folder is not null)
                {
                    path = Path.Combine(folder, (DicomUids.IsWellFormed(received.SopInstance) ? received.SopInstance : Guid.NewGuid().ToString("N")) + ".dcs");
                    await using (var file = new FileStream(received.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
                    {
                        file.Flush(flushToDisk: true);
                    }

                    File.Move(received.Path, path, overwrite: true);
                }

                var (syntax, kept) = (DicomTransferSyntax.Of(received.TransferSyntax).Name, folder is null ? "" : $" into {path}");
                NetworkLog.Received(context.Logger, received.SopInstance, received.Bytes, syntax, received.CallingAeTitle, kept);
            }
            catch (Exception e) when (e is DicomDataException or InvalidDataException)
            {
                mapped?.Dispose();
                File.Delete(path);
                Interlocked.Decrement(ref _taken);
                NetworkLog.Refused(context.Logger, received.SopInstance, received.CallingAeTitle, e.Message);
                return (DimseStatus.CannotUnderstand, "the data set could not be read", null);
            }
            catch
            {
                mapped?.Dispose();
                throw;
            }

            // A kept object is safe on disk: its sender hears success at once, and its association reads nothing more
            // until the frames have been passed on (a full pipeline still holds senders back at the socket). An object
            // that is not kept is answered only once its frames have been passed on.
            var passing = PassOnAsync(received, mapped, image, path, cancellationToken);
            if (folder is not null)
            {
                return (DimseStatus.Success, null, passing);
            }

            return await passing ? (DimseStatus.Success, null, null) : (DimseStatus.CannotUnderstand, "a frame could not be decoded", null);
        }

        // False when a frame did not decode (the frames before it have been passed on).
        private async Task<bool> PassOnAsync(ReceivedObject received, MappedDicomFile mapped, DicomImage? image, string path, CancellationToken cancellationToken)
        {
            try
            {
                if (image is not null)
                {
                    await _passing.WaitAsync(cancellationToken);
                    try
                    {
                        await DicomFrameEmitter.EmitAsync(image, $"{received.SopInstance} from {received.CallingAeTitle}", options.Rescale, _pool, output, context, mapped.DropResidentPages, cancellationToken);
                    }
                    finally
                    {
                        _passing.Release();
                    }
                }
            }
            catch (Exception e) when (e is DicomDataException or InvalidDataException)
            {
                // A frame that does not decode: the object stays kept (if it is) for someone to look at.
                NetworkLog.Refused(context.Logger, received.SopInstance, received.CallingAeTitle, e.Message);
                Interlocked.Decrement(ref _taken);
                return false;
            }
            finally
            {
                mapped.Dispose();
                if (folder is null)
                {
                    File.Delete(path);
                }
            }

            if (Interlocked.Increment(ref _stored) == options.Count)
            {
                await stop.CancelAsync();
            }

            return true;
        }
    }
}
