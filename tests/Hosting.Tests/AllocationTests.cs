using System;
using System.Diagnostics.Metrics;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using TypedWebSockets.Telemetry;
using Xunit;

namespace TypedWebSockets.Hosting.Tests;

// The per-message calls of the telemetry: nothing allocated, whether or not a listener records the measurements.
[Collection(GlobalListenersCollection.Name)]
public sealed class AllocationTests
{
    private const int Messages = 10_000;

    private static long AllocatedByMessages(ClientTelemetry telemetry)
    {
        for (var i = 0; i < 100; i++)
        {
            telemetry.MessageSent(100);
            telemetry.MessageReceived(100);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Messages; i++)
        {
            telemetry.MessageSent(100);
            telemetry.MessageReceived(100);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static ClientTelemetry Create(IMeterFactory meters, out WebSocket socket)
    {
        var options = new WebSocketOptions { AutoConnect = false, MeterFactory = meters };
        socket = new WebSocket("ws://127.0.0.1:9/feed?token=t", options);
        return new ClientTelemetry(socket, new Uri("ws://127.0.0.1:9/feed?token=t"), "ws://127.0.0.1:9/feed", options);
    }

    [Fact]
    public void Counting_messages_allocates_nothing_when_nothing_listens()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = Create(services.GetRequiredService<IMeterFactory>(), out var socket);
        using var _ = socket;
        Assert.Equal(0, AllocatedByMessages(telemetry));
    }

    [Fact]
    public void Counting_messages_allocates_nothing_while_a_meter_listener_records_them()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var telemetry = Create(meters, out var socket);
        using var _ = socket;
        long messages = 0;
        long bytes = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) =>
        {
            if (instrument.Name.EndsWith(".bytes.sent", StringComparison.Ordinal))
            {
                Interlocked.Add(ref bytes, value);
            }
            else if (instrument.Name.EndsWith(".messages.sent", StringComparison.Ordinal))
            {
                Interlocked.Add(ref messages, value);
            }
        });
        listener.Start();

        Assert.Equal(0, AllocatedByMessages(telemetry));
        Assert.Equal(Messages + 100, Interlocked.Read(ref messages));
        Assert.Equal((Messages + 100) * 100L, Interlocked.Read(ref bytes));
    }
}
