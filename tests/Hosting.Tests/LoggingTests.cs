using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace TypedWebSockets.Hosting.Tests;

public sealed class LoggingTests
{
    private static object? State(FakeLogRecord record, string key) => record.StructuredState!.Single(pair => pair.Key == key).Value;

    [Fact]
    public async Task A_connection_s_life_is_logged_under_the_client_s_category_with_event_ids()
    {
        await using var server = await TestServer.StartAsync();
        using var telemetry = new TestTelemetry();
        var options = telemetry.Options();
        var client = new EchoClient(server.Url("/echo"), options);
        var events = TestTelemetry.Start(client);
        await events.NextOpenAsync();
        await client.CloseAsync(1000, "done");

        var records = telemetry.Records;
        Assert.All(records, record => Assert.Equal("TypedWebSockets.Hosting.Tests.EchoClient", record.Category));
        Assert.Equal(
            [(1, "Connecting", LogLevel.Debug), (2, "Connected", LogLevel.Information), (5, "ConnectionClosed", LogLevel.Information), (9, "Closed", LogLevel.Debug)],
            records.Select(record => (record.Id.Id, record.Id.Name!, record.Level)));
        Assert.Equal(server.Url("/echo"), State(records[0], "Url"));
        Assert.Equal("1", State(records[0], "Attempt"));
        var closed = records[2];
        Assert.Equal("1000", State(closed, "CloseCode"));
        Assert.Equal("done", State(closed, "CloseReason"));
        Assert.Equal("True", State(closed, "WasClean"));
        Assert.Contains("code 1000, reason done, clean: True", closed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plain_WebSocket_logs_under_TypedWebSockets_WebSocket()
    {
        await using var server = await TestServer.StartAsync();
        using var telemetry = new TestTelemetry();
        var options = telemetry.Options();
        var socket = new WebSocket(server.Url("/echo"), options);
        var events = TestTelemetry.Start(socket);
        await events.NextOpenAsync();
        await socket.CloseAsync();
        Assert.NotEmpty(telemetry.Records);
        Assert.All(telemetry.Records, record => Assert.Equal("TypedWebSockets.WebSocket", record.Category));
    }

    [Fact]
    public async Task A_lost_connection_its_reconnect_and_a_policy_that_gives_up_are_logged()
    {
        await using var server = await TestServer.StartAsync();
        using var telemetry = new TestTelemetry();
        var options = telemetry.Options();
        options.Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10), Jitter = false, MaxAttempts = 2 };
        var client = new EchoClient(server.Url("/echo"), options);
        var events = TestTelemetry.Start(client);
        await events.NextOpenAsync();

        server.DropAll();
        await events.NextReconnectingAsync();
        await events.NextOpenAsync();
        var lost = Assert.Single(telemetry.Events("ConnectionLost"));
        Assert.Equal(LogLevel.Warning, lost.Level);
        Assert.Equal(6, lost.Id.Id);
        Assert.NotNull(lost.Exception);
        Assert.Equal("1", State(Assert.Single(telemetry.Events("ReconnectScheduled")), "Attempt"));
        var reconnected = Assert.Single(telemetry.Events("Reconnected"));
        Assert.Equal(3, reconnected.Id.Id);
        Assert.Equal("1", State(reconnected, "Attempts"));

        server.RefuseNext(10);
        server.DropAll();
        await events.Closed;
        Assert.Equal(2, telemetry.Events("ConnectFailed").Count());
        Assert.All(telemetry.Events("ConnectFailed"), record => Assert.Contains("503", record.Exception!.ToString(), StringComparison.Ordinal));
        var gaveUp = Assert.Single(telemetry.Events("ReconnectGaveUp"));
        Assert.Equal(LogLevel.Warning, gaveUp.Level);
        Assert.Equal("2", State(gaveUp, "Retries"));
        Assert.Equal(9, telemetry.Records[^1].Id.Id);
        Assert.Equal(WebSocketState.Closed, client.ReadyState);

        // Each error was logged once, where it arose: none again as a generic error event.
        Assert.Empty(telemetry.Events("Error"));
    }

    [Fact]
    public async Task A_handler_that_throws_is_logged_as_an_error_with_its_exception()
    {
        await using var server = await TestServer.StartAsync();
        using var telemetry = new TestTelemetry();
        var options = telemetry.Options();
        var boom = new InvalidOperationException("handler failed");
        var client = new EchoClient(server.Url("/echo"), options) { OnPing = _ => throw boom };
        var events = TestTelemetry.Start(client);
        await client.SendAsync(new Ping(1, "x"));
        Assert.Same(boom, await events.NextErrorAsync());
        await client.CloseAsync();

        var error = Assert.Single(telemetry.Events("Error"));
        Assert.Equal((10, LogLevel.Warning), (error.Id.Id, error.Level));
        Assert.Same(boom, error.Exception);
    }

    [Fact]
    public async Task Offline_messages_that_expired_are_logged_once_with_their_count()
    {
        await using var server = await TestServer.StartAsync();
        using var telemetry = new TestTelemetry();
        var time = new FakeTimeProvider();
        var options = telemetry.Options();
        options.TimeProvider = time;
        options.Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(10), Jitter = false };
        options.OfflineSends = OfflineSendPolicy.Queue(100, 1 << 20, TimeSpan.FromSeconds(5));
        using var dropped = telemetry.Collect<long>("typedwebsockets.client.messages.dropped");
        var socket = new WebSocket(server.Url("/record"), options);
        var events = TestTelemetry.Start(socket);
        await events.NextOpenAsync();
        server.DropAll();
        await events.NextReconnectingAsync();
        Assert.IsType<System.Net.WebSockets.WebSocketException>(await events.NextErrorAsync());

        socket.Send("stale 1");
        socket.Send("stale 2");
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.IsType<OfflineMessagesDroppedException>(await events.NextErrorAsync());
        await socket.CloseAsync();

        var expired = Assert.Single(telemetry.Events("OfflineMessagesExpired"));
        Assert.Equal((11, LogLevel.Warning), (expired.Id.Id, expired.Level));
        Assert.Equal("2", State(expired, "Count"));
        Assert.Equal("14", State(expired, "Bytes"));
        Assert.Empty(telemetry.Events("Error"));
        var measurement = Assert.Single(dropped.GetMeasurementSnapshot());
        Assert.Equal(2, measurement.Value);
        Assert.Equal("expired", measurement.Tags["typedwebsockets.drop.reason"]);
    }

    [Fact]
    public async Task A_stream_reader_that_falls_behind_is_logged_once_and_every_drop_counted()
    {
        await using var server = await TestServer.StartAsync();
        using var telemetry = new TestTelemetry();
        var options = telemetry.Options();
        options.StreamCapacity = 1;
        using var dropped = telemetry.Collect<long>("typedwebsockets.client.messages.dropped");
        var client = new EchoClient(server.Url("/push?count=5"), options);
        var events = TestTelemetry.Start(client);
        await events.NextOpenAsync();

        // The reader takes one tick and then stops reading: the four after it do not fit in a capacity of one.
        await using var reader = client.ReadAllAsync(EchoClient.Events.Tick).GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync());
        Assert.IsType<InvalidOperationException>(await events.NextErrorAsync());
        await client.CloseAsync();

        var overflow = Assert.Single(telemetry.Events("StreamOverflow"));
        Assert.Equal((12, LogLevel.Warning), (overflow.Id.Id, overflow.Level));
        Assert.Equal("tick", State(overflow, "Event"));
        Assert.Equal("1", State(overflow, "Capacity"));
        Assert.Empty(telemetry.Events("Error"));
        var drops = dropped.GetMeasurementSnapshot();
        Assert.InRange(drops.Sum(m => m.Value), 3, 4);
        Assert.All(drops, m => Assert.Equal("stream_overflow", m.Tags["typedwebsockets.drop.reason"]));
    }

    [Fact]
    public async Task No_query_string_user_info_or_header_value_is_ever_logged()
    {
        await using var server = await TestServer.StartAsync();
        using var telemetry = new TestTelemetry();
        var options = telemetry.Options();
        options.Headers["Authorization"] = "Bearer h3ader";
        server.RefuseNext(1);
        var url = $"ws://ada:pw0rd@127.0.0.1:{server.Port}/echo?token=s3cret&room=1";
        var socket = new WebSocket(url, options);
        var events = TestTelemetry.Start(socket);
        var error = await events.NextErrorAsync();
        await events.Closed;

        // Neither the error handed to the application nor the log holds the URL's secrets: both name it without them.
        Assert.Contains($"ws://127.0.0.1:{server.Port}/echo", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pw0rd", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(url, socket.Url);
        var failed = Assert.Single(telemetry.Events("ConnectFailed"));
        Assert.Contains($"ws://127.0.0.1:{server.Port}/echo", failed.Exception!.Message, StringComparison.Ordinal);
        Assert.Contains("503", failed.Exception.ToString(), StringComparison.Ordinal);
        Assert.Equal($"ws://127.0.0.1:{server.Port}/echo", State(failed, "Url"));
        foreach (var record in telemetry.Records)
        {
            var text = string.Join(" | ", record.Message, record.Exception?.ToString(), string.Join(",", record.StructuredState!.Select(pair => pair.Value)));
            Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("pw0rd", text, StringComparison.Ordinal);
            Assert.DoesNotContain("h3ader", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Nothing_is_logged_per_message_above_Trace()
    {
        await using var server = await TestServer.StartAsync();
        int AboveTrace(TestTelemetry telemetry) => telemetry.Records.Count(record => record.Level > LogLevel.Trace);

        async Task<TestTelemetry> SessionAsync(int messages)
        {
            var telemetry = new TestTelemetry();
            var options = telemetry.Options();
                var received = 0;
            var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var client = new EchoClient(server.Url("/echo"), options)
            {
                OnPing = _ =>
                {
                    if (++received == messages)
                    {
                        all.TrySetResult();
                    }
                },
            };
            TestTelemetry.Start(client);
            for (var i = 0; i < messages; i++)
            {
                client.Send(new Ping(i, "hello"));
            }

            await all.Task.WaitAsync(TestTimeouts.Default);
            await client.CloseAsync();
            return telemetry;
        }

        using var one = await SessionAsync(1);
        using var many = await SessionAsync(25);
        Assert.Equal(AboveTrace(one), AboveTrace(many));
        Assert.Equal(25, many.Events("MessageSent").Count());
        Assert.Equal(25, many.Events("MessageReceived").Count());
        Assert.All(many.Events("MessageSent").Concat(many.Events("MessageReceived")), record => Assert.Equal(LogLevel.Trace, record.Level));
    }
}
