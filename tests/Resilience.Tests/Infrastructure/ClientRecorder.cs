using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace TypedWebSockets.Resilience.Tests.Infrastructure;

internal static class TestTimeouts
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
}

/// <summary>Records every event of a socket, in order, with awaitable next-event helpers that time out.</summary>
internal sealed class ClientRecorder
{
    private readonly Channel<ReconnectingEventArgs> _reconnecting = Channel.CreateUnbounded<ReconnectingEventArgs>();
    private readonly Channel<ReconnectedEventArgs> _reconnected = Channel.CreateUnbounded<ReconnectedEventArgs>();
    private readonly Channel<Exception> _errors = Channel.CreateUnbounded<Exception>();
    private readonly Channel<bool> _opens = Channel.CreateUnbounded<bool>();
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentQueue<string> _errorDetails = new();
    private int _opensCount;
    private int _closeCount;
    private int _reconnectingCount;
    private int _errorCount;

    public ClientRecorder(WebSocket socket)
    {
        socket.OnOpen = () =>
        {
            Interlocked.Increment(ref _opensCount);
            _log.Enqueue("open");
            _opens.Writer.TryWrite(true);
        };
        socket.OnError = e =>
        {
            Interlocked.Increment(ref _errorCount);
            _log.Enqueue("error:" + e.GetType().Name);
            _errorDetails.Enqueue(e.ToString());
            _errors.Writer.TryWrite(e);
        };
        socket.OnReconnecting = args =>
        {
            Interlocked.Increment(ref _reconnectingCount);
            _log.Enqueue($"reconnecting:{args.Attempt}");
            _reconnecting.Writer.TryWrite(args);
        };
        socket.OnReconnected = args =>
        {
            _log.Enqueue($"reconnected:{args.Attempts}");
            _reconnected.Writer.TryWrite(args);
        };
        socket.OnMessage = m => _messages.Writer.TryWrite(m.Text ?? "");
        socket.OnClose = reason =>
        {
            Interlocked.Increment(ref _closeCount);
            _log.Enqueue("close");
            _closed.TrySetResult(reason);
        };
    }

    public int Opens => Volatile.Read(ref _opensCount);

    public int Closes => Volatile.Read(ref _closeCount);

    public int Reconnectings => Volatile.Read(ref _reconnectingCount);

    public int Errors => Volatile.Read(ref _errorCount);

    public IReadOnlyCollection<string> Log => _log.ToArray();

    public Task<string?> Closed => _closed.Task.WaitAsync(TestTimeouts.Wait);

    public Task<ReconnectingEventArgs> NextReconnectingAsync() => Next(_reconnecting, "OnReconnecting");

    public Task<ReconnectedEventArgs> NextReconnectedAsync() => Next(_reconnected, "OnReconnected");

    public Task<Exception> NextErrorAsync() => Next(_errors, "OnError");

    public Task<bool> NextOpenAsync() => Next(_opens, "OnOpen");

    public Task<string> NextMessageAsync() => Next(_messages, "OnMessage");

    private async Task<T> Next<T>(Channel<T> channel, string what)
    {
        try
        {
            return await channel.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Wait);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"No {what} within {TestTimeouts.Wait}; events so far: [{string.Join(", ", Log)}]; errors: [{string.Join(" | ", _errorDetails)}].", ex);
        }
    }
}
