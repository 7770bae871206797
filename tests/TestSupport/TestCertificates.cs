using System;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TypedWebSockets.TestSupport;

/// <summary>A self-signed certificate for <c>localhost</c>/<c>127.0.0.1</c>, made once per process, and how a client trusts exactly it.</summary>
public static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> s_localhost = new(CreateLocalhost);

    /// <summary>The self-signed server certificate (ECDSA P-256, valid for a day, SAN 127.0.0.1 and localhost).</summary>
    public static X509Certificate2 Localhost => s_localhost.Value;

    /// <summary>The SHA-256 thumbprint of <see cref="Localhost"/>.</summary>
    public static string LocalhostThumbprint => Localhost.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>
    /// A validation callback that accepts the server certificate only when it is <paramref name="expected"/>
    /// (compared by SHA-256 thumbprint), whatever the chain says: a self-signed certificate is never trusted by the chain.
    /// </summary>
    /// <param name="expected">The certificate the server presents.</param>
    /// <returns>A callback for <see cref="System.Net.WebSockets.ClientWebSocketOptions.RemoteCertificateValidationCallback"/>.</returns>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var thumbprint = expected.GetCertHashString(HashAlgorithmName.SHA256);
        return (_, certificate, _, _) => certificate is not null
            && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase);
    }

    private static X509Certificate2 CreateLocalhost()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));

        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // A certificate fresh from CreateSelfSigned carries an ephemeral key that SslStream cannot use on every
        // platform; a PKCS#12 round trip gives it a key the TLS stack accepts.
        const string password = "typed-websockets-test";
        var pfx = created.Export(X509ContentType.Pkcs12, password);
        return X509CertificateLoader.LoadPkcs12(pfx, password);
    }
}
