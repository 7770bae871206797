using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace TypedWebSockets.Hosting.Tests;

/// <summary>
/// A logger factory whose records a fake logger collects (from Trace up) and a meter factory of its own, for sockets made
/// without a host: <see cref="Options"/> gives them both, with <c>AutoConnect</c> off so that a test can record the
/// socket's events before it connects (<see cref="Start"/>). Metrics of other tests never reach this factory's meter.
/// </summary>
internal sealed class TestTelemetry : IDisposable
{
    private readonly ServiceProvider _services;

    public TestTelemetry()
    {
        _services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging())
            .AddMetrics()
            .BuildServiceProvider();
        LoggerFactory = _services.GetRequiredService<ILoggerFactory>();
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        Logs = _services.GetFakeLogCollector();
    }

    public ILoggerFactory LoggerFactory { get; }

    public IMeterFactory MeterFactory { get; }

    public FakeLogCollector Logs { get; }

    public IReadOnlyList<FakeLogRecord> Records => Logs.GetSnapshot();

    public WebSocketOptions Options() => new() { LoggerFactory = LoggerFactory, MeterFactory = MeterFactory, AutoConnect = false };

    /// <summary>Records the events of <paramref name="socket"/> (not its messages), then connects it.</summary>
    public static EventRecorder Start(WebSocket socket)
    {
        var events = new EventRecorder(socket, messages: false);
        socket.Connect();
        return events;
    }

    public MetricCollector<T> Collect<T>(string instrument)
        where T : struct
        => new(MeterFactory, WebSocketTelemetry.MeterName, instrument);

    public IEnumerable<FakeLogRecord> Events(string name) => Records.Where(record => record.Id.Name == name);

    public void Dispose() => _services.Dispose();
}
