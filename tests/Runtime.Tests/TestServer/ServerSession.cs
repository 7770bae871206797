using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets.TestServer;

/// <summary>One message (or close frame) the test server received on a recorded connection.</summary>
/// <param name="Type">Text, binary, or close.</param>
/// <param name="Payload">The message's bytes, fragments joined (empty for a close frame).</param>
/// <param name="CloseCode">The close code of a close frame, otherwise <see langword="null"/>.</param>
/// <param name="CloseReason">The close reason of a close frame, otherwise <see langword="null"/>.</param>
public sealed record ReceivedMessage(WebSocketMessageType Type, byte[] Payload, int? CloseCode = null, string? CloseReason = null)
{
    /// <summary>The payload decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Payload);

    /// <summary><see langword="true"/> for a close frame.</summary>
    public bool IsClose => Type == WebSocketMessageType.Close;

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        WebSocketMessageType.Text => $"text '{Text}'",
        WebSocketMessageType.Binary => $"binary {Payload.Length} bytes",
        _ => $"close {CloseCode} '{CloseReason}'",
    };
}

/// <summary>
/// What the test server saw on the connection(s) made with one session id (query string <c>id=...</c>): request headers,
/// offered subprotocols, every message received, the close frame; and a gate a test opens to let a handshake proceed.
/// Each test makes its own session, so tests sharing a server never see each other's traffic.
/// </summary>
public sealed class ServerSession
{
    private readonly object _lock = new();
    private readonly List<ReceivedMessage> _received = [];
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyDictionary<string, string> _requestHeaders = new Dictionary<string, string>();
    private IReadOnlyList<string> _offeredProtocols = [];
    private int _requests;

    internal ServerSession(string id) => Id = id;

    /// <summary>The session id, passed as the <c>id</c> query parameter.</summary>
    public string Id { get; }

    /// <summary>The query parameter that ties a connection to this session: <c>id=...</c>.</summary>
    public string Query => "id=" + Uri.EscapeDataString(Id);

    /// <summary>How many HTTP requests (upgraded or not) arrived with this session id.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>The request headers of the last request with this session id (names lower-case).</summary>
    public IReadOnlyDictionary<string, string> RequestHeaders
    {
        get
        {
            lock (_lock)
            {
                return _requestHeaders;
            }
        }
    }

    /// <summary>The subprotocols the client offered in the last handshake.</summary>
    public IReadOnlyList<string> OfferedProtocols
    {
        get
        {
            lock (_lock)
            {
                return _offeredProtocols;
            }
        }
    }

    /// <summary>A snapshot of what was received so far, in order.</summary>
    public IReadOnlyList<ReceivedMessage> Received
    {
        get
        {
            lock (_lock)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>Completes when a request with this session id arrived (before any gate or upgrade).</summary>
    public Task Requested => _requested.Task;

    /// <summary>Completes when the server accepted a WebSocket for this session.</summary>
    public Task Accepted => _accepted.Task;

    /// <summary>Completes when the server's handler for this session returned.</summary>
    public Task Ended => _ended.Task;

    internal Task Gate => _gate.Task;

    /// <summary>Lets a handshake waiting on this session's gate (<c>/slow?gate=1</c>) proceed.</summary>
    public void OpenGate() => _gate.TrySetResult();

    /// <summary>Waits until at least <paramref name="count"/> data messages (text or binary, not close) were received.</summary>
    /// <param name="count">The number of messages.</param>
    /// <param name="timeout">How long to wait before failing with a <see cref="TimeoutException"/>.</param>
    /// <returns>The data messages received, in order.</returns>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var received = await WaitUntilAsync(r => r.Count(m => !m.IsClose) >= count, timeout, $"{count} message(s)").ConfigureAwait(false);
        return received.Where(m => !m.IsClose).ToArray();
    }

    /// <summary>Waits until a close frame was received.</summary>
    /// <param name="timeout">How long to wait before failing with a <see cref="TimeoutException"/>.</param>
    /// <returns>The close frame.</returns>
    public async Task<ReceivedMessage> WaitForCloseAsync(TimeSpan timeout)
    {
        var received = await WaitUntilAsync(r => r.Any(m => m.IsClose), timeout, "a close frame").ConfigureAwait(false);
        return received.First(m => m.IsClose);
    }

    /// <summary>Waits until <paramref name="condition"/> holds for what was received.</summary>
    /// <param name="condition">The condition, evaluated on a snapshot after each change.</param>
    /// <param name="timeout">How long to wait before failing with a <see cref="TimeoutException"/>.</param>
    /// <param name="what">What is awaited, for the timeout message.</param>
    /// <returns>The snapshot that satisfied the condition.</returns>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitUntilAsync(Func<IReadOnlyList<ReceivedMessage>, bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            IReadOnlyList<ReceivedMessage> snapshot;
            Task changed;
            lock (_lock)
            {
                snapshot = _received.ToArray();
                changed = _changed.Task;
            }

            if (condition(snapshot))
            {
                return snapshot;
            }

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Session {Id}: waited {timeout} for {what}; received so far: [{string.Join(", ", snapshot)}].");
            }
        }
    }

    internal void RecordRequest(IReadOnlyDictionary<string, string> headers, IReadOnlyList<string> offeredProtocols)
    {
        Interlocked.Increment(ref _requests);
        lock (_lock)
        {
            _requestHeaders = headers;
            _offeredProtocols = offeredProtocols;
        }

        _requested.TrySetResult();
    }

    internal void RecordAccepted() => _accepted.TrySetResult();

    internal void RecordEnded() => _ended.TrySetResult();

    internal void Record(ReceivedMessage message)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _received.Add(message);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
