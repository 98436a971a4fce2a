using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Conduit.Plugins.Dicos.Network;

/// <summary>Wraps a connection in TLS 1.2 or 1.3 with the certificates of a <see cref="DicomTlsOptions"/>, checking the
/// peer's certificate against the trusted certificates given (or the system's).</summary>
internal sealed class DicomTls : IDisposable
{
    private readonly X509Certificate2? _certificate;
    private readonly X509Certificate2Collection _trusted = [];
    private readonly bool _requirePeer;

    /// <summary>Loads the files of <paramref name="options"/>, resolving paths with <paramref name="resolve"/>.</summary>
    /// <exception cref="InvalidDataException">A file is missing or is not PEM of the expected kind.</exception>
    public DicomTls(DicomTlsOptions options, Func<string, string> resolve, bool server)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolve);
        try
        {
            if (options.Certificate.Length > 0)
            {
                _certificate = X509Certificate2.CreateFromPemFile(resolve(options.Certificate), options.Key.Length > 0 ? resolve(options.Key) : null);
            }
            else if (server)
            {
                throw new InvalidDataException("tls.certificate is required to receive over TLS");
            }

            if (options.TrustedCertificates.Length > 0)
            {
                _trusted.ImportFromPemFile(resolve(options.TrustedCertificates));
            }
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new InvalidDataException($"TLS: {e.Message}", e);
        }

        _requirePeer = server && options.RequirePeerCertificate;
    }

    /// <summary>The server side of the handshake on an accepted connection.</summary>
    public async Task<Stream> AcceptAsync(Stream connection, string peer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tls = new SslStream(connection, leaveInnerStreamOpen: false, Validate);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificate = _certificate,
            ClientCertificateRequired = _requirePeer,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        };
        return await HandshakeAsync(tls, token => tls.AuthenticateAsServerAsync(options, token), peer, timeout, cancellationToken);
    }

    /// <summary>The client side of the handshake on a new connection to <paramref name="host"/>.</summary>
    public async Task<Stream> ConnectAsync(Stream connection, string host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tls = new SslStream(connection, leaveInnerStreamOpen: false, Validate);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ClientCertificates = _certificate is null ? null : [_certificate],
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        };
        return await HandshakeAsync(tls, token => tls.AuthenticateAsClientAsync(options, token), host, timeout, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _certificate?.Dispose();

    private static async Task<Stream> HandshakeAsync(SslStream tls, Func<CancellationToken, Task> handshake, string peer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await handshake(deadline.Token);
            return tls;
        }
        catch (Exception e) when (e is AuthenticationException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await tls.DisposeAsync();
            var problem = e is OperationCanceledException ? $"no TLS handshake within {timeout.TotalSeconds:0.###} s"
                : $"TLS handshake failed: {e.Message}{(e.InnerException is { } inner ? $" ({inner.Message})" : "")}";
            var failure = new DicomNetworkException($"{peer}: {problem}", e);
            failure.Data["transient"] = false;
            throw failure;
        }
    }

    // A peer without a certificate passes only where none is required; one with a certificate must chain to the trusted
    // certificates (or the system's) and, seen from a client, name the host.
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return !_requirePeer && (errors & ~SslPolicyErrors.RemoteCertificateNotAvailable) == SslPolicyErrors.None && sender is SslStream { IsServer: true };
        }

        if (_trusted.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return custom.Build(presented);
    }
}
