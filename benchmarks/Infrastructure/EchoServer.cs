using System;
using System.Buffers;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
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
/// The one in-process Kestrel server of a benchmark process, on 127.0.0.1 and a free port: <c>/echo</c> sends every
/// message back as it came, <c>/sink</c> reads and discards, <c>/hub</c> is a SignalR hub whose <c>Echo</c> sends the
/// message back to the caller; <c>/jsonrpc</c> and <c>/graphql</c> serve the protocol scenarios (<see cref="ProtocolEndpoints"/>).
/// The server runs in the benchmark process, so its allocations are counted too (see docs/benchmarks.md).
/// </summary>
public sealed class EchoServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim s_startLock = new(1, 1);
    private static EchoServer? s_shared;

    private readonly WebApplication _app;

    private EchoServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; }

    public Uri EchoUrl => new($"ws://{BaseAddress.Authority}/echo");

    public Uri SinkUrl => new($"ws://{BaseAddress.Authority}/sink");

    public Uri HubUrl => new($"http://{BaseAddress.Authority}/hub");

    /// <summary>The server of this process, started on first use.</summary>
    public static async Task<EchoServer> GetSharedAsync()
    {
        await s_startLock.WaitAsync().ConfigureAwait(false);
        try
        {
            return s_shared ??= await StartAsync().ConfigureAwait(false);
        }
        finally
        {
            s_startLock.Release();
        }
    }

    private static async Task<EchoServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
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
        return new EchoServer(app, new Uri(address));
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
