using System;
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
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TypedWebSockets.TestSupport;

/// <summary>How <see cref="KestrelHost"/> listens.</summary>
public sealed class KestrelHostOptions
{
    /// <summary>The certificate for wss:// (<see cref="TestCertificates.Localhost"/> is made in the test); <see langword="null"/> for ws://.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>The port on 127.0.0.1; 0 (the default) lets the OS pick a free one.</summary>
    public int Port { get; init; }

    /// <summary>How long stopping waits for requests in flight. Default: 5 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Kestrel's limit of concurrent connections; <see langword="null"/> for Kestrel's default (none).</summary>
    public long? MaxConcurrentConnections { get; init; }
}

/// <summary>
/// An in-process Kestrel server on 127.0.0.1 (never another address), over ws:// or wss://, with WebSockets enabled (the
/// server sends no keep-alive pings of its own) and no logging. Every request goes to one handler; the test servers of
/// the suites are handlers on it.
/// </summary>
public sealed class KestrelHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelHost(WebApplication app, Uri baseAddress, X509Certificate2? certificate)
    {
        _app = app;
        BaseAddress = baseAddress;
        Certificate = certificate;
    }

    /// <summary><c>ws://127.0.0.1:PORT/</c> or <c>wss://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The bound TCP port.</summary>
    public int Port => BaseAddress.Port;

    /// <summary><see langword="true"/> for wss://.</summary>
    public bool IsSecure => Certificate is not null;

    /// <summary>The server certificate for wss://, otherwise <see langword="null"/>.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>
    /// Starts a host. <paramref name="handler"/> gets every request with the host's stopping token (cancelled when the host
    /// stops, so endpoints that wait for ever can end).
    /// </summary>
    /// <param name="handler">The request handler.</param>
    /// <param name="options">How to listen; <see langword="null"/> for ws:// on a free port.</param>
    /// <param name="cancellationToken">Cancels starting.</param>
    /// <returns>The started host.</returns>
    public static async Task<KestrelHost> StartAsync(Func<HttpContext, CancellationToken, Task> handler, KestrelHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new KestrelHostOptions();

        // The empty builder reads no configuration files (no file watchers per server) and adds no logging providers.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = options.MaxConcurrentConnections;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (options.Certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);

        var app = builder.Build();
        var stopping = app.Lifetime.ApplicationStopping;
        app.UseWebSockets(new Microsoft.AspNetCore.Builder.WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(context => handler(context, stopping));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var http = new Uri(address);
        return new KestrelHost(app, new UriBuilder(options.Certificate is null ? "ws" : "wss", http.Host, http.Port).Uri, options.Certificate);
    }

    /// <summary>The URL of <paramref name="pathAndQuery"/> on this host.</summary>
    /// <param name="pathAndQuery">A path, optionally with a query string; it should start with <c>/</c>.</param>
    /// <returns>An absolute ws:// or wss:// URL.</returns>
    public string Url(string pathAndQuery = "/")
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        return BaseAddress.GetLeftPart(UriPartial.Authority) + pathAndQuery;
    }

    /// <summary>
    /// Makes this host's certificate trusted (and only it, by thumbprint) by a client: pass as
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

    /// <summary>Stops the host: open requests get the stopping token, then are closed; bounded by the shutdown timeout.</summary>
    /// <returns>A task that completes when the host is stopped and released.</returns>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
