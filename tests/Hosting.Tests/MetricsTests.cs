using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace TypedWebSockets.Hosting.Tests;

public sealed class MetricsTests
{
    private static void AssertClientTags<T>(CollectedMeasurement<T> measurement, Type client, TestServer server, params string[] extra)
        where T : struct
    {
        Assert.Equal(client.FullName, measurement.Tags["typedwebsockets.client.type"]);
        Assert.Equal("127.0.0.1", measurement.Tags["server.address"]);
        Assert.Equal(server.Port, measurement.Tags["server.port"]);
        string[] expected = ["server.address", "server.port", "typedwebsockets.client.type", .. extra];
        Assert.Equal(expected.Order(StringComparer.Ordinal), measurement.Tags.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Messages_and_bytes_are_counted_through_the_host_s_meter_factory_with_client_and_server_tags_only()
    {
        await using var server = await TestServer.StartAsync();
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddWebSocketClient<EchoClient>(server.Url("/echo?token=t0ken"));
        using var host = builder.Build();
        var meters = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var sent = new MetricCollector<long>(meters, WebSocketTelemetry.MeterName, "typedwebsockets.client.messages.sent");
        using var received = new MetricCollector<long>(meters, WebSocketTelemetry.MeterName, "typedwebsockets.client.messages.received");
        using var bytesSent = new MetricCollector<long>(meters, WebSocketTelemetry.MeterName, "typedwebsockets.client.bytes.sent");
        using var bytesReceived = new MetricCollector<long>(meters, WebSocketTelemetry.MeterName, "typedwebsockets.client.bytes.received");
        var client = host.Services.GetRequiredService<EchoClient>();
        var echoes = 0;
        var allEchoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnPing = _ =>
        {
            if (Interlocked.Increment(ref echoes) == 3)
            {
                allEchoed.TrySetResult();
            }
        };

        await host.StartAsync();
        client.Send(new Ping(1, "one"));
        client.Send(new Ping(2, "two"));
        await client.SendAsync(new Ping(3, "three"));
        await allEchoed.Task.WaitAsync(TestTimeouts.Default);
        var wireBytes = (await server.WaitForSessionAsync()).Received.Sum(text => Encoding.UTF8.GetByteCount(text));
        await host.StopAsync();

        Assert.Equal(3, sent.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(3, received.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(wireBytes, bytesSent.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(wireBytes, bytesReceived.GetMeasurementSnapshot().Sum(m => m.Value));
        foreach (var measurement in new[] { sent, received, bytesSent, bytesReceived }.SelectMany(c => c.GetMeasurementSnapshot()))
        {
            AssertClientTags(measurement, typeof(EchoClient), server);
            Assert.DoesNotContain(measurement.Tags.Values, value => value?.ToString()?.Contains("t0ken", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task Active_connections_connection_duration_and_reconnect_attempts_follow_the_connections()
    {
        await using var server = await TestServer.StartAsync();
        using var telemetry = new TestTelemetry();
        using var active = telemetry.Collect<long>("typedwebsockets.client.active_connections");
        using var duration = telemetry.Collect<double>("typedwebsockets.client.connection.duration");
        using var reconnects = telemetry.Collect<long>("typedwebsockets.client.reconnect.attempts");
        var options = telemetry.Options();
        options.Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(10), Jitter = false };
        var socket = new WebSocket(server.Url("/echo"), options);
        var events = TestTelemetry.Start(socket);
        await events.NextOpenAsync();
        Assert.Equal(1, active.GetMeasurementSnapshot().Sum(m => m.Value));

        server.DropAll();
        await events.NextReconnectingAsync();
        await events.NextOpenAsync();
        await socket.CloseAsync();

        Assert.Equal([1, -1, 1, -1], active.GetMeasurementSnapshot().Select(m => m.Value));
        var durations = duration.GetMeasurementSnapshot();
        Assert.Equal(2, durations.Count);
        Assert.All(durations, m => Assert.True(m.Value > 0));
        AssertClientTags(durations[0], typeof(WebSocket), server, "error.type");
        Assert.Equal("connection_closed_prematurely", durations[0].Tags["error.type"]);
        AssertClientTags(durations[1], typeof(WebSocket), server);
        AssertClientTags(Assert.Single(reconnects.GetMeasurementSnapshot()), typeof(WebSocket), server);
    }

    [Fact]
    public async Task Request_duration_is_tagged_with_the_method_and_the_reason_of_a_failure()
    {
        await using var server = await TestServer.StartAsync();
        using var telemetry = new TestTelemetry();
        using var duration = telemetry.Collect<double>("typedwebsockets.client.request.duration");
        var options = telemetry.Options();
        await using var client = new RpcClient(server.Url("/rpc"), options);
        await client.ConnectAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(6, (await client.RequestAsync(new Sum([1, 2, 3]))).Total);
        await Assert.ThrowsAsync<WebSocketRequestException>(() => client.RequestAsync(new Fail("because")));
        await Assert.ThrowsAsync<TimeoutException>(() => client.RequestAsync(new Slow(1), TimeSpan.FromMilliseconds(50)));
        using var cancel = new CancellationTokenSource();
        var cancelled = client.RequestAsync(new Slow(2), cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        var measurements = duration.GetMeasurementSnapshot();
        Assert.Equal(
            [("sum", null), ("fail", "error_reply"), ("slow", "timeout"), ("slow", "canceled")],
            measurements.Select(m => ((string?)m.Tags["rpc.method"], m.Tags.TryGetValue("error.type", out var type) ? (string?)type : null)));
        AssertClientTags(measurements[0], typeof(RpcClient), server, "rpc.method");
        AssertClientTags(measurements[1], typeof(RpcClient), server, "error.type", "rpc.method");
    }

    [Fact]
    public async Task Queued_messages_and_bytes_are_observed_while_the_socket_cannot_send()
    {
        await using var server = await TestServer.StartAsync();
        using var telemetry = new TestTelemetry();
        using var messages = telemetry.Collect<long>("typedwebsockets.client.queued_messages");
        using var bytes = telemetry.Collect<long>("typedwebsockets.client.queued_bytes");
        server.RefuseNext(1);
        var options = telemetry.Options();
        options.Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromMinutes(5), Jitter = false };
        var socket = new WebSocket(server.Url("/record"), options);
        var events = TestTelemetry.Start(socket);
        await events.NextReconnectingAsync();
        socket.Send("a");
        socket.Send("bb");
        socket.Send("ccc");

        messages.RecordObservableInstruments();
        bytes.RecordObservableInstruments();
        var queued = Assert.Single(messages.GetMeasurementSnapshot());
        Assert.Equal(3, queued.Value);
        AssertClientTags(queued, typeof(WebSocket), server);
        Assert.Equal(6, Assert.Single(bytes.GetMeasurementSnapshot()).Value);

        // A closed socket is no longer observed.
        await socket.CloseAsync();
        messages.RecordObservableInstruments();
        Assert.Single(messages.GetMeasurementSnapshot());
    }
}
