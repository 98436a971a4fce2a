using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Conduit.Plugins.Dicos.Tests.Network;

/// <summary>A test CA and, signed by it, a server certificate for 127.0.0.1 and a client certificate, written as PEM
/// files (certificate and PKCS #8 key) that both .NET and DCMTK's <c>+tls</c> read.</summary>
internal sealed class TestCertificates
{
    public TestCertificates(string folder, string authority = "Conduit test CA")
    {
        Directory.CreateDirectory(folder);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={authority}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        Authority = Path.Combine(folder, "ca.pem");
        File.WriteAllText(Authority, ca.ExportCertificatePem());
        (ServerCertificate, ServerKey) = Issue(ca, folder, "server", "CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", 1);
        (ClientCertificate, ClientKey) = Issue(ca, folder, "client", "CN=Conduit test client", "1.3.6.1.5.5.7.3.2", 2);
    }

    public string Authority { get; }

    public string ServerCertificate { get; }

    public string ServerKey { get; }

    public string ClientCertificate { get; }

    public string ClientKey { get; }

    private static (string Certificate, string Key) Issue(X509Certificate2 ca, string folder, string name, string subject, string usage, byte serial)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), [serial]);
        var (certificatePath, keyPath) = (Path.Combine(folder, name + ".pem"), Path.Combine(folder, name + ".key"));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
