using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace TypedWebSockets.Telemetry;

// The instruments of one "TypedWebSockets" meter, shared by every socket that records on it, and the live sockets whose
// send queues its observable instruments report.
internal sealed class ClientMetrics
{
    private static readonly ConditionalWeakTable<Meter, ClientMetrics> s_byMeter = new();
    private static readonly Lazy<ClientMetrics> s_shared = new(static () => new ClientMetrics(new Meter(WebSocketTelemetry.MeterName, TelemetryNames.Version)));

    private readonly object _liveLock = new();
    private readonly List<ClientTelemetry> _live = [];

    private ClientMetrics(Meter meter)
    {
        MessagesSent = meter.CreateCounter<long>(
            "typedwebsockets.client.messages.sent", "{message}", "Messages written to the connection.");
        MessagesReceived = meter.CreateCounter<long>(
            "typedwebsockets.client.messages.received", "{message}", "Complete messages received from the connection.");
        BytesSent = meter.CreateCounter<long>(
            "typedwebsockets.client.bytes.sent", "By", "Payload bytes of the messages written to the connection.");
        BytesReceived = meter.CreateCounter<long>(
            "typedwebsockets.client.bytes.received", "By", "Payload bytes of the complete messages received.");
        MessagesDropped = meter.CreateCounter<long>(
            "typedwebsockets.client.messages.dropped", "{message}", "Messages dropped without being sent or read: queued sends too old to write, events a slow stream reader missed.");
        ActiveConnections = meter.CreateUpDownCounter<long>(
            "typedwebsockets.client.active_connections", "{connection}", "Connections that are open.");
        ReconnectAttempts = meter.CreateCounter<long>(
            "typedwebsockets.client.reconnect.attempts", "{attempt}", "Reconnect attempts scheduled by the reconnect policy.");
        ConnectionDuration = meter.CreateHistogram(
            "typedwebsockets.client.connection.duration",
            "s",
            "How long connections stayed open, from the opening handshake to their end.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400] });
        RequestDuration = meter.CreateHistogram(
            "typedwebsockets.client.request.duration",
            "s",
            "How long RequestAsync calls took, from the call to the response or the failure.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30] });
        meter.CreateObservableUpDownCounter(
            "typedwebsockets.client.queued_messages", () => Observe(static client => client.QueuedMessages), "{message}", "Messages waiting in the send queue.");
        meter.CreateObservableUpDownCounter(
            "typedwebsockets.client.queued_bytes", () => Observe(static client => client.QueuedBytes), "By", "Bytes sent and not yet written to the connection (BufferedAmount).");
    }

    public Counter<long> MessagesSent { get; }

    public Counter<long> MessagesReceived { get; }

    public Counter<long> BytesSent { get; }

    public Counter<long> BytesReceived { get; }

    public Counter<long> MessagesDropped { get; }

    public UpDownCounter<long> ActiveConnections { get; }

    public Counter<long> ReconnectAttempts { get; }

    public Histogram<double> ConnectionDuration { get; }

    public Histogram<double> RequestDuration { get; }

    // The instruments of the factory's meter (factories cache their meters, so sockets of one host share them), or of the
    // shared meter when there is no factory.
    public static ClientMetrics For(IMeterFactory? factory)
        => factory is null
            ? s_shared.Value
            : s_byMeter.GetValue(factory.Create(new MeterOptions(WebSocketTelemetry.MeterName) { Version = TelemetryNames.Version }), static meter => new ClientMetrics(meter));

    // A socket is live from its first connection attempt to its final close: while it runs, its connection task holds it,
    // so the list keeps nothing alive that would otherwise be collected.
    public void Register(ClientTelemetry client)
    {
        lock (_liveLock)
        {
            _live.Add(client);
        }
    }

    public void Unregister(ClientTelemetry client)
    {
        lock (_liveLock)
        {
            _live.Remove(client);
        }
    }

    // One measurement per distinct set of tags: sockets of the same client type and server are added up.
    private List<Measurement<long>> Observe(Func<ClientTelemetry, long> read)
    {
        var sums = new Dictionary<ClientTelemetry.TagKey, (ClientTelemetry First, long Sum)>();
        lock (_liveLock)
        {
            foreach (var client in _live)
            {
                sums[client.Key] = sums.TryGetValue(client.Key, out var entry) ? (entry.First, entry.Sum + read(client)) : (client, read(client));
            }
        }

        var measurements = new List<Measurement<long>>(sums.Count);
        foreach (var (first, sum) in sums.Values)
        {
            measurements.Add(new Measurement<long>(sum, first.Tags));
        }

        return measurements;
    }
}
