using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace TypedWebSockets.Telemetry;

internal enum OperationKind
{
    Request,
    Subscription,
}

// One request or subscription being observed: its activity and start time. The default value (nothing listens) observes
// nothing and costs nothing: Track returns the task it is given.
internal readonly struct OperationTelemetry
{
    private readonly ClientTelemetry? _owner;

    public OperationTelemetry(ClientTelemetry owner, OperationKind kind, Activity? activity, string method, long id, long startedAt)
    {
        _owner = owner;
        Kind = kind;
        Activity = activity;
        Method = method;
        Id = id;
        StartedAt = startedAt;
    }

    public OperationKind Kind { get; }

    public Activity? Activity { get; }

    public string Method { get; }

    public long Id { get; }

    public long StartedAt { get; }

    /// <summary>Observes a request: the returned task completes as <paramref name="task"/> does, once its outcome is recorded.</summary>
    public Task<T> Track<T>(Task<T> task) => _owner is null ? task : _owner.TrackAsync(task, this);

    /// <summary>Ends a subscription: <paramref name="error"/> is why it failed, or <see langword="null"/>.</summary>
    public void Complete(Exception? error) => _owner?.OperationEnded(this, error);
}
