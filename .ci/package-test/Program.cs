// A consumer that only has the TypedWebSockets and TypedWebSockets.Hosting packages: a generated client talks to a tiny
// echo server, then the same client type registered in a Generic Host does.
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using TypedWebSockets;

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
await using var app = builder.Build();
app.UseWebSockets();
app.Map("/", async context =>
{
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    var buffer = new byte[4096];
    while (true)
    {
        var result = await socket.ReceiveAsync(buffer, default);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, default);
            return;
        }
        await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, default);
    }
});
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

var received = new TaskCompletionSource<Ping>();
await using var client = new PingClient(address.Replace("http://", "ws://")) { OnPing = p => received.TrySetResult(p) };
await client.SendAsync(new Ping(42, "from package"));
var echo = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
Console.WriteLine($"typed echo: Ping {echo.Number} {echo.Note}");
await client.CloseAsync();

var builder2 = Host.CreateApplicationBuilder();
builder2.Logging.ClearProviders();
builder2.Services.AddWebSocketClient<PingClient>(address.Replace("http://", "ws://"));
using var host = builder2.Build();
var hosted = host.Services.GetRequiredService<PingClient>();
var hostedEcho = new TaskCompletionSource<Ping>();
hosted.OnPing = p => hostedEcho.TrySetResult(p);
await host.StartAsync();
await hosted.SendAsync(new Ping(43, "from hosting package"));
var echoed = await hostedEcho.Task.WaitAsync(TimeSpan.FromSeconds(10));
Console.WriteLine($"hosted echo: Ping {echoed.Number} {echoed.Note}");
await host.StopAsync();
Console.WriteLine($"hosted client after StopAsync: {hosted.ReadyState}");

public sealed record Ping(int Number, string Note);

[WebSocketClient]
[Sends<Ping>("ping")]
[Receives<Ping>("ping")]
public partial class PingClient;
