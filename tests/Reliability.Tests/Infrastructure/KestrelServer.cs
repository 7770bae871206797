using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using ServerSocket = System.Net.WebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests.Infrastructure;

/// <summary>
/// An in-process WebSocket server (<see cref="KestrelHost"/>: 127.0.0.1, an OS-chosen port). Every accepted socket is handed to
/// the handler; a handler that throws is recorded in <see cref="Faults"/> (tests that expect a clean run assert it is empty).
/// </summary>
internal sealed class KestrelServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<Exception> _faults = new();
    private KestrelHost _host = null!;

    public int Port => _host.Port;

    public bool Secure => _host.IsSecure;

    public IReadOnlyList<Exception> Faults => _faults.ToArray();

    public string Url(string path = "/") => _host.Url(path);

    public static async Task<KestrelServer> StartAsync(Func<HttpContext, ServerSocket, Task> onSocket, X509Certificate2? certificate = null)
    {
        var server = new KestrelServer();
        server._host = await KestrelHost.StartAsync(
            async (context, _) =>
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
                    server._faults.Enqueue(ex);
                }
            },
            new KestrelHostOptions { Certificate = certificate, MaxConcurrentConnections = 1000, ShutdownTimeout = TimeSpan.FromSeconds(10) });
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

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
