using System;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text;
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

namespace TypedWebSockets.Samples.Worker;

/// <summary>
/// A quote feed on Kestrel (127.0.0.1, free port), standing in for a partner's API. After a <c>subscribe</c> message it
/// pushes a <c>quote</c> for each symbol every <see cref="Interval"/>; it answers the client's close frame.
/// </summary>
internal sealed class QuoteServer : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly WebApplication _app;

    private QuoteServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<QuoteServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/stream", AcceptAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new QuoteServer(app, new UriBuilder(address) { Scheme = "ws", Path = "/stream" }.Uri.ToString());
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

                await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, CancellationToken.None);
                return;
            }

            using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            if (message.RootElement.GetProperty("type").GetString() == "subscribe" && pushing is null)
            {
                var symbols = message.RootElement.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!).ToArray();
                pushing = PushQuotesAsync(socket, symbols, stop.Token);
            }
        }
    }

    private static async Task PushQuotesAsync(System.Net.WebSockets.WebSocket socket, string[] symbols, CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var mids = symbols.Select(_ => 100m + random.Next(0, 10_000) / 100m).ToArray();
        var sequence = 0L;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                for (var i = 0; i < symbols.Length; i++)
                {
                    mids[i] = Math.Max(1m, mids[i] + Math.Round((decimal)(random.NextDouble() - 0.5), 2));
                    var text = string.Create(
                        System.Globalization.CultureInfo.InvariantCulture,
                        $$"""{"type":"quote","symbol":"{{symbols[i]}}","bid":{{mids[i] - 0.01m}},"ask":{{mids[i] + 0.01m}},"sequence":{{++sequence}}}""");
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client said goodbye: stop pushing and let the close handshake finish.
        }
    }
}
