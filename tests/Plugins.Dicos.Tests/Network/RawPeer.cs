using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Conduit.Plugins.Dicos.Tests.Network;

/// <summary>A DICOM peer written byte by byte, for the faults no well-behaved tool will commit: it sends exactly the PDUs
/// a test builds.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Connects once the port listens (a receiver starting up), for at most 30 s.</summary>
    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
                return new RawPeer(client);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                client.Dispose();
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>Waits until <paramref name="port"/> listens, leaving a connection that sends nothing (a probe).</summary>
    public static async Task WaitForListenerAsync(int port)
    {
        using var probe = await ConnectAsync(port);
    }

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes, TestContext.Current.CancellationToken).AsTask();

    /// <summary>The next PDU's type and body, or null once the receiver closed the connection.</summary>
    public async Task<(byte Type, byte[] Body)?> ReceiveAsync()
    {
        var header = new byte[6];
        try
        {
            await _stream.ReadExactlyAsync(header, TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        await _stream.ReadExactlyAsync(body, TestContext.Current.CancellationToken);
        return (header[0], body);
    }

    /// <summary>Closes with a reset, as a process killed with SIGKILL leaves its connections.</summary>
    public void Vanish()
    {
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Close();
    }

    public void Dispose() => _client.Dispose();

    public static byte[] AssociateRequest(string called, string calling, params (byte Id, string AbstractSyntax, string TransferSyntax)[] contexts)
    {
        var body = new List<byte> { 0, 1, 0, 0 };
        body.AddRange(Encoding.ASCII.GetBytes(called.PadRight(16)));
        body.AddRange(Encoding.ASCII.GetBytes(calling.PadRight(16)));
        body.AddRange(new byte[32]);
        Item(body, 0x10, Encoding.ASCII.GetBytes("1.2.840.10008.3.1.1.1"));
        foreach (var (id, abstractSyntax, transferSyntax) in contexts)
        {
            var context = new List<byte> { id, 0, 0, 0 };
            Item(context, 0x30, Encoding.ASCII.GetBytes(abstractSyntax));
            Item(context, 0x40, Encoding.ASCII.GetBytes(transferSyntax));
            Item(body, 0x20, [.. context]);
        }

        var user = new List<byte>();
        Item(user, 0x51, [0, 0, 0x40, 0]);
        Item(user, 0x52, Encoding.ASCII.GetBytes("1.2.3.4"));
        Item(body, 0x50, [.. user]);
        return Pdu(0x01, [.. body]);
    }

    /// <summary>A P-DATA-TF with one PDV.</summary>
    public static byte[] Data(byte context, bool command, bool last, ReadOnlySpan<byte> fragment)
    {
        var body = new byte[6 + fragment.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body, (uint)(fragment.Length + 2));
        body[4] = context;
        body[5] = (byte)((command ? 1 : 0) | (last ? 2 : 0));
        fragment.CopyTo(body.AsSpan(6));
        return Pdu(0x04, body);
    }

    public static byte[] Abort() => Pdu(0x07, [0, 0, 0, 0]);

    public static byte[] Pdu(byte type, byte[] body)
    {
        var pdu = new byte[6 + body.Length];
        pdu[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
        body.CopyTo(pdu, 6);
        return pdu;
    }

    private static void Item(List<byte> target, byte type, byte[] value)
    {
        target.AddRange([type, 0, (byte)(value.Length >> 8), (byte)value.Length]);
        target.AddRange(value);
    }
}
