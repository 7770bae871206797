using System;
using System.Text.Json;
using System.Threading.Tasks;

namespace TypedWebSockets.Benchmarks;

/// <summary>Our untyped <see cref="WebSocket"/> with serialization written by hand: strings out, strings in.</summary>
public sealed class RawWebSocketContender : HandlerEchoContender
{
    private WebSocket? _socket;

    public override async Task ConnectAsync(EchoServer server)
    {
        _socket = new WebSocket(server.EchoUrl.ToString(), new WebSocketOptions { Configure = server.Trust })
        {
            OnMessage = message =>
            {
                var wire = JsonSerializer.Deserialize(message.Text!, BenchJsonContext.Default.EchoWire);
                if (wire is null || wire.Type != "echo")
                {
                    throw new InvalidOperationException($"Not an echo message: {message.Text}");
                }

                OnEcho(new EchoMessage(wire.Sequence, wire.User, wire.Text));
            },
            OnError = Received.Fail,
        };
        await _socket.WaitOpenAsync().ConfigureAwait(false);
    }

    protected override ValueTask SendOneAsync(EchoMessage message)
        => _socket!.SendAsync(JsonSerializer.Serialize(EchoWire.From(message), BenchJsonContext.Default.EchoWire));

    public override async ValueTask DisposeAsync()
    {
        if (_socket is not null)
        {
            await _socket.DisposeAsync().ConfigureAwait(false);
        }
    }
}
