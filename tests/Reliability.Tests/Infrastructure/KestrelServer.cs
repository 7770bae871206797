using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using System.Threading;
using System;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerSocket = System.Net.WebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests.Infrastructure;

/// <summary>
/// An in-process Kestrel WebSocket server on 127.0.0.1 with an OS-chosen port. Every accepted socket is handed to
/// the handler; a handler that throws is recorded in <see cref="Faults"/> (tests that expect a clean run assert it is empty).
/// </summary>
internal sealed class KestrelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Exception> _faults = new();

    private KestrelServer(WebApplication app, int port, bool secure)
    {
        _app = app;
        Port = port;
        Secure = secure;
    }

    public int Port { get; }

    public bool Secure { get; }

    public IReadOnlyList<Exception> Faults => _faults.ToArray();

    public string Url(string path = "/") => $"{(Secure ? "wss" : "ws")}://127.0.0.1:{Port}{path}";

    public static async Task<KestrelServer> StartAsync(Func<HttpContext, ServerSocket, Task> onSocket, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = 1000;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        KestrelServer? server = null;
        app.UseWebSockets();
        app.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            try
            {
                await onSocket(context, socket);
            }
            catch (Exception ex)
            {
                server!._faults.Enqueue(ex);
            }
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new KestrelServer(app, new Uri(address).Port, certificate is not null);
        return server;
    }

    /// <summary>Echoes every frame back as it arrives (same type, same end-of-message flag), then answers the close.</summary>
    public static Task<KestrelServer> StartEchoAsync(X509Certificate2? certificate = null) => StartAsync(EchoAsync, certificate);

    public static async Task EchoAsync(HttpContext context, ServerSocket socket)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, context.RequestAborted);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
        }
    }

    /// <summary>Waits for the client's close frame (ignoring anything else) and answers it.</summary>
    public static async Task AnswerCloseAsync(ServerSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, cancellationToken);
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
