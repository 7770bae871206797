using System.Threading;
using TypedWebSockets.Telemetry;

namespace TypedWebSockets;

// Logs, metrics and traces (docs/telemetry.md): every call into _telemetry in the other partial files is one line, named
// after what happened, so that the connection and message code reads as before.
public partial class WebSocket
{
    private readonly ClientTelemetry _telemetry;

    // Messages waiting in the send queue, for the typedwebsockets.client.queued_messages instrument.
    internal int QueuedMessageCount => Volatile.Read(ref _queuedMessages);
}
