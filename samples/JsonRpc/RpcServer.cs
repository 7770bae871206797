using System;
using System.Linq;
using System.Net;
using System.Text.Json;
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

namespace TypedWebSockets.Samples.JsonRpc;

/// <summary>
/// A JSON-RPC 2.0 server on 127.0.0.1 and a free port: StreamJsonRpc over a Kestrel WebSocket at <c>/rpc</c>, every
/// message one text frame, camelCase names (StreamJsonRpc's System.Text.Json formatter uses the .NET names unless told).
/// </summary>
internal sealed class RpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RpcServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<RpcServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/rpc", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var formatter = new SystemTextJsonFormatter
            {
                JsonSerializerOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase },
            };
            using var handler = new WebSocketMessageHandler(socket, formatter);
            using var rpc = new StreamJsonRpc.JsonRpc(handler);
            rpc.AddLocalRpcTarget(new RpcMethods(rpc), options: null);
            rpc.StartListening();
            await rpc.Completion;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RpcServer(app, new UriBuilder(address) { Scheme = "ws", Path = "/rpc" }.Uri);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// What the server offers. StreamJsonRpc takes params by position (one array element per parameter) or by name; the
/// client uses names. The server shares <see cref="Tick"/> and <see cref="DivisionError"/> with the client's contracts.
/// </summary>
internal sealed class RpcMethods(StreamJsonRpc.JsonRpc rpc)
{
    /// <summary>The error code of a division by zero.</summary>
    public const int DivisionByZero = 1001;

    [JsonRpcMethod("add")]
    public static long Add(long a, long b) => a + b;

    [JsonRpcMethod("sum")]
    public static long Sum(long[] values) => values.Sum();

    [JsonRpcMethod("divide")]
    public static double Divide(long dividend, long divisor) => divisor != 0
        ? (double)dividend / divisor
        : throw new LocalRpcException("Cannot divide by zero.") { ErrorCode = DivisionByZero, ErrorData = new DivisionError(dividend) };

    /// <summary>Sends <paramref name="count"/> <c>tick</c> notifications, then answers how many it sent.</summary>
    [JsonRpcMethod("startTicks")]
    public async Task<int> StartTicksAsync(int count)
    {
        for (var n = 1; n <= count; n++)
        {
            await rpc.NotifyWithParameterObjectAsync("tick", new Tick(n)).ConfigureAwait(false);
        }

        return count;
    }
}
