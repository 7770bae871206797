using System;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace TypedWebSockets.Hosting.Tests;

/// <summary>Queues a socket's events so a test can await the next one of each kind (each wait has the hang guard).</summary>
internal sealed class ClientEvents
{
    private readonly Channel<Exception> _errors = Channel.CreateUnbounded<Exception>();
    private readonly Channel<ReconnectingEventArgs> _reconnecting = Channel.CreateUnbounded<ReconnectingEventArgs>();
    private readonly Channel<bool> _opens = Channel.CreateUnbounded<bool>();
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClientEvents(WebSocket socket)
    {
        socket.OnError = error => _errors.Writer.TryWrite(error);
        socket.OnReconnecting = args => _reconnecting.Writer.TryWrite(args);
        socket.AddEventListener(WebSocketEvent.Open, () => _opens.Writer.TryWrite(true));
        socket.OnClose = reason => _closed.TrySetResult(reason);
    }

    public Task<Exception> NextErrorAsync() => _errors.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Wait);

    public Task<ReconnectingEventArgs> NextReconnectingAsync() => _reconnecting.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Wait);

    public Task NextOpenAsync() => _opens.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Wait);

    public Task<string?> ClosedAsync() => _closed.Task.WaitAsync(TestTimeouts.Wait);
}
