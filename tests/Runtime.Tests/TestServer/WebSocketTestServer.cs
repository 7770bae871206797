using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.TestSupport;

namespace TypedWebSockets.TestServer;

/// <summary>
/// An in-process Kestrel WebSocket server on 127.0.0.1 and a free port, over ws:// or wss:// (with a self-signed
/// certificate), answering the paths of <see cref="TestEndpoints"/>. Start it with <see cref="StartAsync"/>, make one
/// <see cref="ServerSession"/> per test with <see cref="CreateSession"/> to record what the server receives, and dispose it.
/// </summary>
/// <remarks>Logging is off. Safe to share between tests running in parallel: recordings are per session id.</remarks>
public sealed class WebSocketTestServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ServerSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _endpointErrors = new();
    private KestrelHost _host = null!;

    private WebSocketTestServer()
    {
    }

    /// <summary>The base address, <c>ws://127.0.0.1:PORT</c> or <c>wss://127.0.0.1:PORT</c>.</summary>
    public Uri BaseAddress => _host.BaseAddress;

    /// <summary>The bound TCP port.</summary>
    public int Port => _host.Port;

    /// <summary><see langword="true"/> for wss://.</summary>
    public bool IsSecure => _host.IsSecure;

    /// <summary>The server certificate for wss://, otherwise <see langword="null"/>.</summary>
    public X509Certificate2? Certificate => _host.Certificate;

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
        var server = new WebSocketTestServer();
        server._host = await KestrelHost.StartAsync(
            (context, stopping) => TestEndpoints.HandleAsync(context, server, stopping),
            new KestrelHostOptions { Certificate = secure ? TestCertificates.Localhost : null },
            cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>The URL of <paramref name="pathAndQuery"/> on this server.</summary>
    /// <param name="pathAndQuery">A path of <see cref="TestEndpoints"/>, optionally with a query string.</param>
    /// <returns>An absolute ws:// or wss:// URL.</returns>
    public string Url(string pathAndQuery) => _host.Url(pathAndQuery);

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
    public void TrustCertificate(ClientWebSocketOptions options) => _host.TrustCertificate(options);

    /// <summary>New client options (defaults otherwise) whose <see cref="WebSocketOptions.Configure"/> trusts this server's certificate.</summary>
    /// <returns>New options.</returns>
    public WebSocketOptions CreateClientOptions() => new() { Configure = TrustCertificate };

    /// <summary>Stops the server: open connections are given the stop signal, then closed.</summary>
    /// <returns>A task that completes when the server is stopped.</returns>
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    internal void RecordEndpointError(string request, Exception error) => _endpointErrors.Enqueue($"{request}: {error}");
}
