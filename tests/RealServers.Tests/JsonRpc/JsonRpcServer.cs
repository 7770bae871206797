using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;
using Xunit;

namespace TypedWebSockets.RealServers.Tests.JsonRpc;

/// <summary>
/// A real JSON-RPC 2.0 server: StreamJsonRpc (Microsoft's implementation) with its <see cref="WebSocketMessageHandler"/>
/// and <see cref="SystemTextJsonFormatter"/> (every message one text frame), on an in-process Kestrel WebSocket endpoint
/// <c>/rpc</c> on 127.0.0.1 and a free port. Each connection gets its own <see cref="StreamJsonRpc.JsonRpc"/> and
/// <see cref="RpcTarget"/>. Connections name themselves with <c>?client=&lt;tag&gt;</c>; a connection whose
/// <see cref="StreamJsonRpc.JsonRpc.Completion"/> faults (malformed JSON, a dropped socket) is recorded under its tag.
/// </summary>
public sealed class JsonRpcServer : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Exception>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _ended = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private Uri _baseUrl = null!;

    /// <summary>The endpoint for a connection tagged <paramref name="client"/>.</summary>
    public Uri Url(string client) => new($"{_baseUrl}?client={Uri.EscapeDataString(client)}");

    /// <summary>A fresh tag, so that this connection's faults are its own.</summary>
    public static string NewClient() => Guid.NewGuid().ToString("N");

    /// <summary>What ended the server side of the connection tagged <paramref name="client"/> abnormally, if anything.</summary>
    public IReadOnlyList<Exception> Faults(string client) => _faults.TryGetValue(client, out var faults) ? [.. faults] : [];

    /// <summary>Completes when the server side of the connection tagged <paramref name="client"/> has ended.</summary>
    public Task EndedAsync(string client) => Ended(client).Task.WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>
    /// The formatter options: camelCase names, as a server meant for JavaScript or typed .NET clients sets them.
    /// StreamJsonRpc's own default is no naming policy (case-sensitive .NET names: <c>{"Text":...}</c>).
    /// </summary>
    private static JsonSerializerOptions SerializerOptions() => new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets(new Microsoft.AspNetCore.Builder.WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        _app.Map("/rpc", ServeAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _baseUrl = new UriBuilder(address) { Scheme = "ws", Path = "/rpc" }.Uri;
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var client = context.Request.Query["client"].ToString();
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var handler = new WebSocketMessageHandler(socket, new SystemTextJsonFormatter { JsonSerializerOptions = SerializerOptions() });
            using var rpc = new StreamJsonRpc.JsonRpc(handler);
            rpc.AddLocalRpcTarget(new RpcTarget(rpc), options: null);
            rpc.StartListening();
            await rpc.Completion;
        }
        catch (Exception ex)
        {
            _faults.GetOrAdd(client, _ => new ConcurrentQueue<Exception>()).Enqueue(ex);
        }
        finally
        {
            Ended(client).TrySetResult();
        }
    }

    private TaskCompletionSource Ended(string client)
        => _ended.GetOrAdd(client, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
