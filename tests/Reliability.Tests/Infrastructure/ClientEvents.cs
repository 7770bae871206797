using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ClientSocket = TypedWebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests.Infrastructure;

internal enum ClientEventKind
{
    Open,
    Error,
    Message,
    Close,
}

internal sealed record ClientEvent(ClientEventKind Kind, Exception? Error = null, WebSocketMessage? Message = null, string? Reason = null);

/// <summary>
/// Records the events of one client in the order its handlers ran (they run one at a time, so a plain list under
/// a lock is the exact order), and lets a test await the close with a timeout.
/// </summary>
internal sealed class ClientEvents
{
    private readonly object _lock = new();
    private readonly List<ClientEvent> _events = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ClientEvents()
    {
    }

    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(20);

    public IReadOnlyList<ClientEvent> Snapshot
    {
        get
        {
            lock (_lock)
            {
                return _events.ToArray();
            }
        }
    }

    public IReadOnlyList<Exception> Errors => Snapshot.Where(e => e.Kind == ClientEventKind.Error).Select(e => e.Error!).ToArray();

    public IReadOnlyList<WebSocketMessage> Messages => Snapshot.Where(e => e.Kind == ClientEventKind.Message).Select(e => e.Message!).ToArray();

    /// <summary>
    /// Attaches through the event-listener API (so that the client's own On* properties stay free for the test).
    /// A message listener counts as a message consumer, so only attach messages when the test wants them held and delivered.
    /// </summary>
    public static ClientEvents Attach(ClientSocket socket, bool messages = true)
    {
        var events = new ClientEvents();
        socket.AddEventListener(WebSocketEvent.Open, () => events.Add(new ClientEvent(ClientEventKind.Open)));
        socket.AddEventListener(WebSocketEvent.Error, e => events.Add(new ClientEvent(ClientEventKind.Error, Error: e)));
        socket.AddEventListener(WebSocketEvent.Close, r => events.Add(new ClientEvent(ClientEventKind.Close, Reason: r)));
        if (messages)
        {
            socket.AddEventListener(WebSocketEvent.Message, m => events.Add(new ClientEvent(ClientEventKind.Message, Message: m)));
        }

        return events;
    }

    public Task WaitOpenedAsync(TimeSpan? timeout = null) => _opened.Task.WaitAsync(timeout ?? DefaultTimeout);

    public Task WaitClosedAsync(TimeSpan? timeout = null) => _closed.Task.WaitAsync(timeout ?? DefaultTimeout);

    /// <summary>
    /// The contract of the close sequence: exactly one close event, and it is the last event; every error came before it.
    /// Returns the errors.
    /// </summary>
    public IReadOnlyList<Exception> AssertSingleCloseAfterErrors()
    {
        var events = Snapshot;
        var closes = events.Count(e => e.Kind == ClientEventKind.Close);
        Assert.True(closes == 1, $"Expected exactly one close event, saw {closes}: {Describe(events)}");
        Assert.True(events[^1].Kind == ClientEventKind.Close, $"The close event must be the last event: {Describe(events)}");
        var opens = events.Count(e => e.Kind == ClientEventKind.Open);
        Assert.True(opens <= 1, $"Expected at most one open event, saw {opens}: {Describe(events)}");
        return events.Where(e => e.Kind == ClientEventKind.Error).Select(e => e.Error!).ToArray();
    }

    public static string Describe(IEnumerable<ClientEvent> events)
        => string.Join(" | ", events.Select(e => e.Kind switch
        {
            ClientEventKind.Error => $"error {e.Error!.GetType().Name}: {e.Error.Message}",
            ClientEventKind.Message => $"message {(e.Message!.IsText ? $"text({e.Message.Text!.Length})" : $"binary({e.Message.Data!.Length})")}",
            ClientEventKind.Close => $"close '{e.Reason}'",
            _ => e.Kind.ToString().ToLowerInvariant(),
        }));

    private void Add(ClientEvent e)
    {
        lock (_lock)
        {
            _events.Add(e);
        }

        if (e.Kind == ClientEventKind.Open)
        {
            _opened.TrySetResult();
        }
        else if (e.Kind == ClientEventKind.Close)
        {
            _closed.TrySetResult();
            _opened.TrySetException(new InvalidOperationException("The client closed before it opened."));
            _ = _opened.Task.Exception;
        }
    }
}
