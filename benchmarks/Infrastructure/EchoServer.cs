using System;
using System.Buffers;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// The in-process Kestrel server of a benchmark process (one for ws://, one for wss://), on 127.0.0.1 and a free port: <c>/echo</c> sends every
/// message back as it came, <c>/sink</c> reads and discards, <c>/hub</c> is a SignalR hub whose <c>Echo</c> sends the
/// message back to the caller; <c>/jsonrpc</c> and <c>/graphql</c> serve the protocol scenarios (<see cref="ProtocolEndpoints"/>).
/// The server runs in the benchmark process, so its allocations are counted too (see docs/benchmarks.md).
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim s_startLock = new(1, 1);
    private static EchoServer? s_shared;
    private static EchoServer? s_sharedSecure;

    private readonly WebApplication _app;
    private readonly X509Certificate2? _certificate;

    private EchoServer(WebApplication app, Uri baseAddress, X509Certificate2? certificate)
    {
        _app = app;
        BaseAddress = baseAddress;
        _certificate = certificate;
    }

    /// <summary><c>http://127.0.0.1:port/</c> or <c>https://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary><see langword="true"/> for the wss:// server (a self-signed certificate made at start).</summary>
    public bool IsSecure => _certificate is not null;

    /// <summary><c>ws</c> or <c>wss</c>.</summary>
    public string Scheme => IsSecure ? "wss" : "ws";

    public Uri EchoUrl => new($"{Scheme}://{BaseAddress.Authority}/echo");

    public Uri SinkUrl => new($"{Scheme}://{BaseAddress.Authority}/sink");

    public Uri HubUrl => new($"{(IsSecure ? "https" : "http")}://{BaseAddress.Authority}/hub");

    /// <summary>The ws:// server of this process, started on first use.</summary>
    public static Task<EchoServer> GetSharedAsync() => GetSharedAsync(secure: false);

    /// <summary>The ws:// or wss:// server of this process, started on first use.</summary>
    public static async Task<EchoServer> GetSharedAsync(bool secure)
    {
        await s_startLock.WaitAsync().ConfigureAwait(false);
        try
        {
            return secure
                ? s_sharedSecure ??= await StartAsync(CreateCertificate()).ConfigureAwait(false)
                : s_shared ??= await StartAsync(null).ConfigureAwait(false);
        }
        finally
        {
            s_startLock.Release();
        }
    }

    /// <summary>Makes a client's socket trust this server's certificate (and only it); nothing for ws://.</summary>
    public void Trust(ClientWebSocketOptions options)
    {
        if (_certificate is { } certificate)
        {
            var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
            options.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // A PKCS#12 round trip gives the key a form SslStream accepts on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12, "bench"), "bench");
    }

    private static async Task<EchoServer> StartAsync(X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddSignalR(options => options.MaximumReceiveMessageSize = 1024 * 1024)
            .AddJsonProtocol(options => options.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default));

        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/echo", context => ServeAsync(context, echo: true));
        app.Map("/sink", context => ServeAsync(context, echo: false));
        app.MapHub<EchoHub>("/hub");
        ProtocolEndpoints.Map(app);
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EchoServer(app, new Uri(address), certificate);
    }

    private static async Task ServeAsync(HttpContext context, bool echo)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(count), context.RequestAborted).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                count += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (echo)
                {
                    await socket.SendAsync(buffer.AsMemory(0, count), result.MessageType, endOfMessage: true, context.RequestAborted).ConfigureAwait(false);
                }

                count = 0;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away without a close handshake (a benchmark process ending): nothing to echo to.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>The SignalR contender's server side: sends each message back to the caller.</summary>
public sealed class EchoHub : Hub
{
    public Task Echo(EchoMessage message) => Clients.Caller.SendAsync("echo", message);
}
