using System;
using System.Linq;
using System.Net.WebSockets;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TypedWebSockets.Resilience.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Resilience.Tests;

public sealed class ReconnectTests
{
    private static (WebSocket Socket, ClientRecorder Events) Create(string url, FakeTimeProvider time, ReconnectPolicy? policy, OfflineSendPolicy? offline = null)
    {
        var socket = new WebSocket(url, new WebSocketOptions
        {
            AutoConnect = false,
            Reconnect = policy,
            OfflineSends = offline,
            TimeProvider = time,
            CloseTimeout = TimeSpan.FromSeconds(2),
        });
        var events = new ClientRecorder(socket);
        socket.Connect();
        return (socket, events);
    }

    private static ReconnectPolicy Fixed(TimeSpan initial, int? maxAttempts = null) => new()
    {
        InitialDelay = initial,
        MaxDelay = TimeSpan.FromMinutes(1),
        Jitter = false,
        MaxAttempts = maxAttempts,
    };

    [Fact]
    public async Task A_dropped_connection_reconnects_after_the_policy_delay_and_OnOpen_fires_per_connection()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server.Url, time, Fixed(TimeSpan.FromSeconds(5)));
        using var _ = socket;
        await events.NextOpenAsync();

        server.DropAll();
        var reconnecting = await events.NextReconnectingAsync();

        Assert.Equal(1, reconnecting.Attempt);
        Assert.Equal(TimeSpan.FromSeconds(5), reconnecting.Delay);
        Assert.IsType<WebSocketException>(reconnecting.Exception);
        Assert.Null(reconnecting.CloseCode);
        Assert.Equal(WebSocketState.Connecting, socket.ReadyState);

        // Not a tick early.
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.Equal(1, server.Handshakes);
        time.Advance(TimeSpan.FromTicks(1));

        await events.NextOpenAsync();
        var reconnected = await events.NextReconnectedAsync();
        Assert.Equal(1, reconnected.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(5), reconnected.Downtime);
        Assert.Equal(WebSocketState.Open, socket.ReadyState);
        Assert.Equal(2, server.Accepted);
        Assert.Equal(2, events.Opens);
        Assert.Equal(0, events.Closes);

        // The new connection works.
        await socket.SendAsync("after");
        Assert.Equal(new Received(2, "after"), (await server.WaitForMessagesAsync(1)).Single());

        await socket.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(1, events.Closes);
        Assert.Equal(1000, socket.CloseCode);
    }

    [Fact]
    public async Task The_first_connect_is_retried_until_the_server_is_up()
    {
        await using var server = await FlakyServer.CreateStoppedAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server.Url, time, Fixed(TimeSpan.FromSeconds(2)));
        using var _ = socket;

        var refused = await events.NextReconnectingAsync();
        Assert.Equal(1, refused.Attempt);
        Assert.IsType<WebSocketException>(refused.Exception);
        Assert.IsType<WebSocketException>(await events.NextErrorAsync());
        Assert.Equal(WebSocketState.Connecting, socket.ReadyState);
        var open = socket.WaitOpenAsync();
        Assert.False(open.IsCompleted);

        await server.StartAgainAsync();
        time.Advance(TimeSpan.FromSeconds(2));

        await open.WaitAsync(TestTimeouts.Default);
        await events.NextOpenAsync();
        Assert.Equal(1, server.Accepted);
        Assert.Equal(WebSocketState.Open, socket.ReadyState);
        Assert.Equal(0, events.Closes);
        Assert.DoesNotContain(events.Log, e => e.StartsWith("reconnected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delays_grow_exponentially_up_to_the_cap_and_the_socket_gives_up_after_MaxAttempts_with_one_OnClose()
    {
        await using var server = await FlakyServer.CreateStoppedAsync();
        var time = new FakeTimeProvider();
        var policy = new ReconnectPolicy
        {
            InitialDelay = TimeSpan.FromSeconds(1),
            Multiplier = 2,
            MaxDelay = TimeSpan.FromSeconds(3),
            Jitter = false,
            MaxAttempts = 3,
        };
        var (socket, events) = Create(server.Url, time, policy);
        using var _ = socket;

        var delays = new TimeSpan[3];
        for (var i = 0; i < 3; i++)
        {
            var args = await events.NextReconnectingAsync();
            Assert.Equal(i + 1, args.Attempt);
            delays[i] = args.Delay;
            time.Advance(args.Delay);
        }

        var reason = await events.Closed;
        Assert.Null(reason);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], delays);
        Assert.Equal(4, events.Errors.Count);           // 1 first connect + 3 attempts, each refused and reported
        Assert.Equal(3, events.Reconnectings);
        Assert.Equal(1, events.Closes);
        Assert.Equal(WebSocketState.Closed, socket.ReadyState);
        Assert.Equal(1006, socket.CloseCode);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        Assert.Equal("close", events.Log.Last());
    }

    [Fact]
    public async Task Full_jitter_draws_each_delay_between_zero_and_the_backoff_bound()
    {
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1), Multiplier = 3 };
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.GetDelayBound(1));
        Assert.Equal(TimeSpan.FromMilliseconds(300), policy.GetDelayBound(2));
        Assert.Equal(TimeSpan.FromMilliseconds(900), policy.GetDelayBound(3));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.GetDelayBound(4));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.GetDelayBound(500));

        var draws = Enumerable.Range(0, 1000).Select(_ => policy.NextDelay(2)).ToArray();
        Assert.All(draws, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMilliseconds(300)));
        Assert.True(draws.Distinct().Count() > 100, "full jitter spreads the delays");
        Assert.Contains(draws, d => d < TimeSpan.FromMilliseconds(100));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task MaxElapsed_stops_retrying_once_the_next_attempt_would_start_too_late()
    {
        await using var server = await FlakyServer.CreateStoppedAsync();
        var time = new FakeTimeProvider();
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(4), MaxDelay = TimeSpan.FromSeconds(4), Jitter = false, MaxElapsed = TimeSpan.FromSeconds(10) };
        var (socket, events) = Create(server.Url, time, policy);
        using var _ = socket;

        time.Advance((await events.NextReconnectingAsync()).Delay);   // starts at 4 s
        time.Advance((await events.NextReconnectingAsync()).Delay);   // starts at 8 s; a third would start at 12 s

        await events.Closed;
        Assert.Equal(2, events.Reconnectings);
        Assert.Equal(3, events.Errors.Count);
        Assert.Equal(1, events.Closes);
    }

    [Fact]
    public async Task Refused_handshakes_are_retried_until_one_is_accepted()
    {
        await using var server = await FlakyServer.StartAsync();
        server.RefuseNext(3, status: 503);
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server.Url, time, Fixed(TimeSpan.FromSeconds(1)));
        using var _ = socket;

        for (var i = 1; i <= 3; i++)
        {
            var args = await events.NextReconnectingAsync();
            Assert.Equal(i, args.Attempt);
            time.Advance(args.Delay);
        }

        await events.NextOpenAsync();
        Assert.Equal(4, server.Handshakes);
        Assert.Equal(1, server.Accepted);
        Assert.Equal(3, events.Errors.Count);
        Assert.Equal(0, events.Closes);
    }

    [Theory]
    [InlineData(1008)]
    [InlineData(4001)]
    [InlineData(3000)]
    public async Task A_close_code_that_rejects_the_client_is_not_retried_by_default(int code)
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server.Url, time, Fixed(TimeSpan.Zero));
        using var _ = socket;
        await events.NextOpenAsync();

        await server.CloseAllAsync(code, "go away");

        Assert.Equal("go away", await events.Closed);
        Assert.Equal(code, socket.CloseCode);
        Assert.Equal(0, events.Reconnectings);
        Assert.Equal(1, server.Handshakes);
        Assert.Equal(1, events.Closes);
    }

    [Fact]
    public async Task A_handshake_refused_with_403_is_not_retried_by_default()
    {
        await using var server = await FlakyServer.StartAsync();
        server.RefuseNext(1, status: 403);
        var (socket, events) = Create(server.Url, new FakeTimeProvider(), Fixed(TimeSpan.Zero));
        using var _ = socket;

        await events.Closed;
        Assert.Equal(0, events.Reconnectings);
        Assert.Equal(1, server.Handshakes);
    }

    [Fact]
    public async Task A_normal_server_close_is_retried_and_a_custom_predicate_sees_the_close_code()
    {
        await using var server = await FlakyServer.StartAsync();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<ReconnectContext>();
        var policy = Fixed(TimeSpan.FromSeconds(1));
        policy.ShouldReconnect = context =>
        {
            seen.Enqueue(context);
            return ReconnectPolicy.IsTransient(context);
        };
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server.Url, time, policy);
        using var _ = socket;
        await events.NextOpenAsync();

        await server.CloseAllAsync(1001, "restarting");
        var args = await events.NextReconnectingAsync();

        Assert.Equal(1001, args.CloseCode);
        Assert.Equal("restarting", args.CloseReason);
        Assert.Null(args.Exception);
        var context = Assert.Single(seen);
        Assert.Equal(1001, context.CloseCode);
        Assert.True(context.HasConnected);
        Assert.Equal(1, context.Attempt);
        Assert.Empty(events.Errors);    // a clean close is not an error

        time.Advance(args.Delay);
        await events.NextOpenAsync();
        Assert.Equal(0, events.Closes);
    }

    [Fact]
    public async Task Close_during_the_reconnect_wait_ends_at_once_and_never_reconnects()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server.Url, time, Fixed(TimeSpan.FromSeconds(30)));
        using var _ = socket;
        await events.NextOpenAsync();
        server.DropAll();
        await events.NextReconnectingAsync();

        await socket.CloseAsync().WaitAsync(TestTimeouts.Default);
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, events.Closes);
        Assert.Equal(WebSocketState.Closed, socket.ReadyState);
        Assert.Equal(1, server.Handshakes);
        Assert.Equal(1, events.Reconnectings);
        Assert.Throws<InvalidOperationException>(() => socket.Send("late"));
    }

    [Fact]
    public async Task A_user_close_of_an_open_socket_is_never_followed_by_a_reconnect()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server.Url, time, Fixed(TimeSpan.Zero));
        await events.NextOpenAsync();

        await socket.CloseAsync(4000, "done").WaitAsync(TestTimeouts.Default);
        socket.Dispose();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, events.Closes);
        Assert.Equal(0, events.Reconnectings);
        Assert.Equal(1, server.Handshakes);
        Assert.True(socket.WasClean);
    }

    [Fact]
    public async Task Dispose_during_reconnecting_closes_once_and_stops_retrying()
    {
        await using var server = await FlakyServer.CreateStoppedAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server.Url, time, Fixed(TimeSpan.FromSeconds(1)));
        await events.NextReconnectingAsync();

        socket.Dispose();
        await events.Closed;
        await server.StartAgainAsync();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, events.Closes);
        Assert.Equal(0, server.Handshakes);
        Assert.Equal(WebSocketState.Closed, socket.ReadyState);
    }

    [Fact]
    public async Task A_server_restart_on_the_same_port_is_survived_with_one_OnClose_at_the_very_end()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = Create(server.Url, time, Fixed(TimeSpan.FromSeconds(1)));
        using var _ = socket;
        await events.NextOpenAsync();

        for (var restart = 1; restart <= 3; restart++)
        {
            await server.StopAsync();
            var args = await events.NextReconnectingAsync();
            Assert.Equal(1, args.Attempt);     // counting starts again after every open
            await server.StartAgainAsync();
            time.Advance(args.Delay);
            await events.NextOpenAsync();
            await socket.SendAsync($"hello {restart}");

            // Written is not received: wait for the server to have it before crashing it again.
            await server.WaitForMessagesAsync(restart);
        }

        var received = server.ReceivedMessages;
        Assert.Equal([new Received(2, "hello 1"), new Received(3, "hello 2"), new Received(4, "hello 3")], received);
        Assert.Equal(4, events.Opens);
        Assert.Equal(0, events.Closes);

        await socket.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(1, events.Closes);
    }

    [Fact]
    public async Task Without_a_policy_a_drop_closes_the_socket_as_before()
    {
        await using var server = await FlakyServer.StartAsync();
        var (socket, events) = Create(server.Url, new FakeTimeProvider(), policy: null);
        using var _ = socket;
        await events.NextOpenAsync();

        server.DropAll();

        await events.Closed;
        Assert.Equal(0, events.Reconnectings);
        Assert.Equal(1006, socket.CloseCode);
        Assert.Equal(WebSocketState.Closed, socket.ReadyState);
    }
}
