using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TypedWebSockets.TestServer;

/// <summary>
/// An in-process Kestrel WebSocket server on 127.0.0.1 and a free port, over ws:// or wss:// (with a self-signed
/// certificate), answering the paths of <see cref="TestEndpoints"/>. Start it with <see cref="StartAsync"/>, make one
/// <see cref="ServerSession"/> per test with <see cref="CreateSession"/> to record what the server receives, and dispose it.
/// </summary>
/// <remarks>Logging is off. Safe to share between tests running in parallel: recordings are per session id.</remarks>
public sealed class WebSocketTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ServerSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _endpointErrors = new();

    private WebSocketTestServer(WebApplication app, X509Certificate2? certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    /// <summary>The base address, <c>ws://127.0.0.1:PORT</c> or <c>wss://127.0.0.1:PORT</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The bound TCP port.</summary>
    public int Port => BaseAddress.Port;

    /// <summary><see langword="true"/> for wss://.</summary>
    public bool IsSecure => Certificate is not null;

    /// <summary>The server certificate for wss://, otherwise <see langword="null"/>.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>
    /// Exceptions the endpoints ended with, as <c>"path?query: exception"</c>. Clients that abort make some on purpose;
    /// they are kept for diagnosing a failing test, not asserted on.
    /// </summary>
    public IReadOnlyCollection<string> EndpointErrors => _endpointErrors.ToArray();

    /// <summary>Starts a server.</summary>
    /// <param name="secure"><see langword="true"/> for wss:// with <see cref="TestCertificates.Localhost"/>.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <returns>The started server.</returns>
    public static async Task<WebSocketTestServer> StartAsync(bool secure = false, CancellationToken cancellationToken = default)
    {
        var certificate = secure ? TestCertificates.Localhost : null;

        // The empty builder reads no configuration files (no file watchers per server) and adds no logging providers.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        var server = new WebSocketTestServer(app, certificate);
        var stopping = app.Lifetime.ApplicationStopping;
        app.UseWebSockets(new Microsoft.AspNetCore.Builder.WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(context => TestEndpoints.HandleAsync(context, server, stopping));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var http = new Uri(address);
        server.BaseAddress = new UriBuilder(secure ? "wss" : "ws", http.Host, http.Port).Uri;
        return server;
    }

    /// <summary>The URL of <paramref name="pathAndQuery"/> on this server.</summary>
    /// <param name="pathAndQuery">A path of <see cref="TestEndpoints"/>, optionally with a query string.</param>
    /// <returns>An absolute ws:// or wss:// URL.</returns>
    public string Url(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        return BaseAddress.GetLeftPart(UriPartial.Authority) + pathAndQuery;
    }

    /// <summary>The URL of <paramref name="path"/> with <paramref name="session"/>'s id and an optional query.</summary>
    /// <param name="path">A path of <see cref="TestEndpoints"/>.</param>
    /// <param name="session">The session recording the connection.</param>
    /// <param name="query">More query parameters, without a leading <c>?</c> or <c>&amp;</c>.</param>
    /// <returns>An absolute ws:// or wss:// URL.</returns>
    public string Url(string path, ServerSession session, string? query = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Url(path + "?" + session.Query + (string.IsNullOrEmpty(query) ? "" : "&" + query));
    }

    /// <summary>Makes a session with a fresh id to record a connection.</summary>
    /// <returns>The session.</returns>
    public ServerSession CreateSession() => Session(Guid.NewGuid().ToString("N"));

    /// <summary>The session with <paramref name="id"/>, made on first use.</summary>
    /// <param name="id">The session id.</param>
    /// <returns>The session.</returns>
    public ServerSession Session(string id) => _sessions.GetOrAdd(id, static id => new ServerSession(id));

    /// <summary>
    /// Makes the server's certificate trusted (and only it, by thumbprint) by a client: pass as
    /// <see cref="WebSocketOptions.Configure"/>. Does nothing for ws://.
    /// </summary>
    /// <param name="options">The client's options.</param>
    public void TrustCertificate(ClientWebSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Certificate is not null)
        {
            options.RemoteCertificateValidationCallback = TestCertificates.TrustOnly(Certificate);
        }
    }

    /// <summary>New client options (defaults otherwise) whose <see cref="WebSocketOptions.Configure"/> trusts this server's certificate.</summary>
    /// <returns>New options.</returns>
    public WebSocketOptions CreateClientOptions() => new() { Configure = TrustCertificate };

    /// <summary>Stops the server: open connections are given the stop signal, then closed.</summary>
    /// <returns>A task that completes when the server is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    internal void RecordEndpointError(string request, Exception error) => _endpointErrors.Enqueue($"{request}: {error}");
}
