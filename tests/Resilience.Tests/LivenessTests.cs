using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TypedWebSockets.Resilience.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Resilience.Tests;

public sealed class LivenessTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(20);

    private static (WebSocket Socket, ClientRecorder Events) Create(FlakyServer server, FakeTimeProvider time) 
    {
        var socket = new WebSocket(server.Url, new WebSocketOptions
        {
            AutoConnect = false,
            TimeProvider = time,
            IdleTimeout = Idle,
            // Real-time pings every 50 ms that the server must answer (the fake clock only drives IdleTimeout).
            KeepAliveInterval = TimeSpan.FromMilliseconds(50),
            KeepAliveTimeout = TimeSpan.FromSeconds(30),
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), Jitter = false },
        });
        var events = new ClientRecorder(socket);
        socket.Connect();
        return (socket, events);
    }

    [Fact]
    public async Task A_server_that_goes_silent_is_detected_by_IdleTimeout_and_the_policy_reconnects()
    {
        await using var server = await FlakyServer.StartAsync();
        server.Mode = ServerMode.Silent;
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server, time);
        using var _ = socket;
        await events.NextOpenAsync();

        time.Advance(Idle - TimeSpan.FromSeconds(6));     // the watchdog checks every Idle/4: nothing yet
        Assert.Equal(0, events.Reconnectings);
        time.Advance(TimeSpan.FromSeconds(6));

        var args = await events.NextReconnectingAsync();
        var timeout = Assert.IsType<TimeoutException>(args.Exception);
        Assert.Contains("IdleTimeout", timeout.Message, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Connecting, socket.ReadyState);

        server.Mode = ServerMode.Echo;
        time.Advance(args.Delay);
        await events.NextOpenAsync();
        Assert.Equal(2, server.Accepted);
        Assert.Equal(0, events.Closes);
    }

    [Fact]
    public async Task A_quiet_connection_whose_server_answers_pings_is_kept_for_many_idle_timeouts()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server, time);
        using var _ = socket;
        await events.NextOpenAsync();

        // No data flows. Each step waits for real pong traffic, then moves the clock 40% of the idle timeout.
        for (var step = 0; step < 10; step++)
        {
            var reads = socket.ReceiveReads;
            await WaitUntilAsync(() => socket.ReceiveReads > reads, "a pong");
            time.Advance(Idle * 0.4);
        }

        Assert.Equal(0, events.Reconnectings);
        Assert.Empty(events.Errors);
        Assert.Equal(WebSocketState.Open, socket.ReadyState);
        Assert.Equal(1, server.Accepted);
        Assert.Empty(server.ReceivedMessages);
    }

    [Fact]
    public async Task Received_data_counts_as_traffic_too()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var socket = new WebSocket(server.Url, new WebSocketOptions
        {
            AutoConnect = false,
            TimeProvider = time,
            IdleTimeout = Idle,
            KeepAliveInterval = TimeSpan.Zero,      // no pings: only data keeps it alive
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), Jitter = false },
        });
        using var _ = socket;
        var events = new ClientRecorder(socket);
        socket.Connect();
        await events.NextOpenAsync();

        for (var step = 0; step < 5; step++)
        {
            await server.BroadcastAsync($"tick {step}");
            Assert.Equal($"tick {step}", await events.NextMessageAsync());
            time.Advance(Idle * 0.6);
        }

        Assert.Equal(0, events.Reconnectings);

        // And silence is detected.
        time.Advance(Idle);
        var args = await events.NextReconnectingAsync();
        Assert.IsType<TimeoutException>(args.Exception);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {TestTimeouts.Default} for {what}.");
            }

            await Task.Delay(10);
        }
    }
}
