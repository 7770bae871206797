using System;
using System.Buffers;
using System.Collections.Concurrent;
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
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TypedWebSockets.Samples.Chat;

/// <summary>
/// A small chat server on Kestrel (127.0.0.1, free port): clients join a room, and everything said in a room goes to
/// everyone in it. It speaks the same flat JSON as <see cref="ChatClient"/>, written by hand here as any server would.
/// </summary>
internal sealed class ChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Member, byte> _members = new();

    private ChatServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Starts the server on 127.0.0.1 and <paramref name="port"/> (0: a free port); <see cref="Url"/> says where.</summary>
    public static async Task<ChatServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new ChatServer(app);
        app.UseWebSockets();
        app.Map("/chat", server.AcceptAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Url = new UriBuilder(address) { Scheme = "ws", Path = "/chat" }.Uri.ToString();
        return server;
    }

    /// <summary>Completes when the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var member = new Member(socket);
        _members.TryAdd(member, 0);
        try
        {
            await ReceiveAsync(member, context.RequestAborted);
        }
        finally
        {
            _members.TryRemove(member, out _);
            if (member.Room is { } room)
            {
                await BroadcastAsync(room, Json(w => { w.WriteString("type", "left"); w.WriteString("user", member.User); w.WriteString("room", room); }));
            }
        }
    }

    private async Task ReceiveAsync(Member member, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await member.Socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await member.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
                return;
            }

            using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            var root = message.RootElement;
            switch (root.GetProperty("type").GetString())
            {
                case "join":
                    member.User = root.GetProperty("user").GetString();
                    member.Room = root.GetProperty("room").GetString();
                    await BroadcastAsync(member.Room!, Json(w => { w.WriteString("type", "joined"); w.WriteString("user", member.User); w.WriteString("room", member.Room); }));
                    break;
                case "say" when member.Room is { } room:
                    var text = root.GetProperty("text").GetString();
                    await BroadcastAsync(room, Json(w => { w.WriteString("type", "chat"); w.WriteString("user", member.User); w.WriteString("text", text); w.WriteString("at", DateTimeOffset.UtcNow); }));
                    break;
            }
        }
    }

    private async Task BroadcastAsync(string room, byte[] message)
    {
        foreach (var member in _members.Keys.Where(m => m.Room == room))
        {
            await member.SendAsync(message);
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed class Member(System.Net.WebSockets.WebSocket socket)
    {
        private readonly SemaphoreSlim _sendLock = new(1, 1);

        public System.Net.WebSockets.WebSocket Socket { get; } = socket;

        public string? User { get; set; }

        public string? Room { get; set; }

        public async Task SendAsync(byte[] message)
        {
            await _sendLock.WaitAsync();
            try
            {
                if (Socket.State == System.Net.WebSockets.WebSocketState.Open)
                {
                    await Socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
    }
}
