using System;
using System.Text.Json;
using System.Threading.Tasks;
using Websocket.Client;

namespace TypedWebSockets.Benchmarks;

/// <summary>Websocket.Client 5.5.1 (Rx stream of messages) with System.Text.Json source-generated serialization.</summary>
public sealed class WebsocketClientContender : HandlerEchoContender
{
    private WebsocketClient? _client;
    private IDisposable? _subscription;

    public override async Task ConnectAsync(EchoServer server)
    {
        _client = new WebsocketClient(server.EchoUrl, () =>
        {
            var socket = new System.Net.WebSockets.ClientWebSocket();
            server.Trust(socket.Options);
            return socket;
        })
        { IsReconnectionEnabled = false };
        _subscription = _client.MessageReceived.Subscribe(message =>
        {
            var wire = JsonSerializer.Deserialize(message.Text!, BenchJsonContext.Default.EchoWire);
            if (wire is null || wire.Type != "echo")
            {
                Received.Fail(new InvalidOperationException($"Not an echo message: {message.Text}"));
                return;
            }

            OnEcho(new EchoMessage(wire.Sequence, wire.User, wire.Text));
        });
        await _client.StartOrFail().ConfigureAwait(false);
    }

    // SendInstant is its awaitable send (Send only queues), the counterpart of the other contenders' awaited sends.
    protected override ValueTask SendOneAsync(EchoMessage message)
        => new(_client!.SendInstant(JsonSerializer.Serialize(EchoWire.From(message), BenchJsonContext.Default.EchoWire)));

    public override async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        if (_client is not null)
        {
            await _client.Stop(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done").ConfigureAwait(false);
            _client.Dispose();
        }
    }
}
