using System;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
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

namespace TypedWebSockets.Samples.Ticker;

/// <summary>
/// A price feed on Kestrel (127.0.0.1, free port). After a <c>subscribe</c> message it pushes a <c>price</c> update for
/// each subscribed symbol every <see cref="Interval"/>, a seeded random walk, in the envelope format.
/// </summary>
internal sealed class TickerServer : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly WebApplication _app;

    private TickerServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public static async Task<TickerServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/prices", AcceptAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TickerServer(app) { Url = new UriBuilder(address) { Scheme = "ws", Path = "/prices" }.Uri.ToString() };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        Task? pushing = null;
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await stop.CancelAsync();
                if (pushing is not null)
                {
                    await pushing;
                }

                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return;
            }

            using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            if (message.RootElement.GetProperty("type").GetString() == "subscribe" && pushing is null)
            {
                var symbols = message.RootElement.GetProperty("data").GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!).ToArray();
                await SendAsync(socket, "subscribed", w =>
                {
                    w.WriteStartArray("symbols");
                    foreach (var symbol in symbols)
                    {
                        w.WriteStringValue(symbol);
                    }

                    w.WriteEndArray();
                    w.WriteNumber("intervalMilliseconds", (int)Interval.TotalMilliseconds);
                });
                pushing = PushPricesAsync(socket, symbols, stop.Token);
            }
        }
    }

    private static async Task PushPricesAsync(System.Net.WebSockets.WebSocket socket, string[] symbols, CancellationToken cancellationToken)
    {
        var random = new Random(42);
        var prices = symbols.Select(_ => 100m + random.Next(0, 10_000) / 100m).ToArray();
        var sequence = 0L;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                for (var i = 0; i < symbols.Length; i++)
                {
                    var change = Math.Round((decimal)(random.NextDouble() - 0.5) * 2m, 2);
                    prices[i] = Math.Max(1m, prices[i] + change);
                    var (symbol, price, seq) = (symbols[i], prices[i], ++sequence);
                    await SendAsync(socket, "price", w =>
                    {
                        w.WriteString("symbol", symbol);
                        w.WriteNumber("price", price);
                        w.WriteNumber("change", change);
                        w.WriteNumber("sequence", seq);
                    });
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client said goodbye: stop pushing and let the close handshake finish.
        }
    }

    private static ValueTask SendAsync(System.Net.WebSockets.WebSocket socket, string type, Action<Utf8JsonWriter> writeData)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteStartObject("data");
            writeData(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }
}
