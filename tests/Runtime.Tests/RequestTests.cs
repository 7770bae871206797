using System;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;
using TypedWebSockets.Testing;
using TypedWebSockets.Tests.Support;
using Xunit;

namespace TypedWebSockets.Tests;

public sealed record GetUser(int UserId);

public sealed record User(string Name);

// What the generator emits for [Requests<GetUser, User>("getUser")], written by hand (the runtime tests run no generator).
internal sealed class RequestingClient : WebSocket
{
    private static readonly RequestContract<GetUser, User> s_getUser =
        RequestContract<GetUser, User>.CreateWithReflection(typeof(RequestingClient), new MessageFormat("type", null), "getUser");

    public RequestingClient(string url, WebSocketOptions options)
        : base(url, options)
    {
    }

    public Task<User> RequestAsync(GetUser request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => SendRequestAsync(s_getUser, request, timeout, cancellationToken);
}

public sealed class RequestTests
{
    private static async Task<(FakeWebSocketServer Server, RequestingClient Client, FakeWebSocketConnection Connection)> StartAsync(Action<WebSocketOptions>? configure = null)
    {
        var server = new FakeWebSocketServer();
        var options = new WebSocketOptions { Transport = server.Transport };
        configure?.Invoke(options);
        var client = new RequestingClient("ws://fake.test/", options);
        var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        return (server, client, connection);
    }

    private static async Task<long> ReadIdAsync(FakeWebSocketConnection connection, string expectedPrefix)
    {
        var text = (await connection.ReceiveAsync().WaitAsync(TestTimeouts.Default)).Text!;
        Assert.StartsWith(expectedPrefix, text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Responses_arriving_out_of_order_complete_the_matching_calls()
    {
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        await using var __ = client;

        var first = client.RequestAsync(new GetUser(1));
        var second = client.RequestAsync(new GetUser(2));
        var firstId = await ReadIdAsync(connection, """{"type":"getUser","id":""");
        var secondId = await ReadIdAsync(connection, """{"type":"getUser","id":""");
        Assert.True(secondId > firstId);

        await connection.SendAsync($$"""{"type":"getUser","id":"{{secondId}}","name":"grace"}""");
        await connection.SendAsync($$"""{"id":{{firstId}},"name":"ada"}""");

        Assert.Equal(new User("grace"), await second.WaitAsync(TestTimeouts.Default));
        Assert.Equal(new User("ada"), await first.WaitAsync(TestTimeouts.Default));
        Assert.Equal(0, client.PendingRequestCount);
    }

    [Fact]
    public async Task An_error_reply_fails_the_call_with_the_code_and_message()
    {
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        await using var __ = client;

        var call = client.RequestAsync(new GetUser(404));
        var id = await ReadIdAsync(connection, "{");
        await connection.SendAsync($$$"""{"id":{{{id}}},"error":{"code":404,"message":"no such user"}}""");

        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => call.WaitAsync(TestTimeouts.Default));
        Assert.Equal("404", error.Code);
        Assert.Equal("no such user", error.ErrorMessage);
        Assert.Equal(id, error.CorrelationId);
        Assert.Equal(JsonValueKind.Object, error.Error.ValueKind);
    }

    [Fact]
    public async Task A_call_times_out_on_the_clock_and_a_late_response_goes_to_raw_listeners_only()
    {
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        await using var __ = client;
        var raw = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnMessage = m => raw.TrySetResult(m.Text);

        var call = client.RequestAsync(new GetUser(1), TimeSpan.FromMilliseconds(50));
        var id = await ReadIdAsync(connection, "{");

        await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(TestTimeouts.Default));
        await connection.SendAsync($$"""{"id":{{id}},"name":"late"}""");
        Assert.Contains("late", await raw.Task.WaitAsync(TestTimeouts.Default), StringComparison.Ordinal);
        Assert.Equal(0, client.PendingRequestCount);
    }

    [Fact]
    public async Task Cancelling_a_call_cancels_its_task()
    {
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        await using var __ = client;
        using var cancel = new CancellationTokenSource();

        var call = client.RequestAsync(new GetUser(1), cancellationToken: cancel.Token);
        await ReadIdAsync(connection, "{");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TestTimeouts.Default));
        Assert.Equal(0, client.PendingRequestCount);
    }

    [Fact]
    public async Task A_lost_connection_fails_pending_calls_at_once_even_with_a_reconnect_policy()
    {
        var (server, client, connection) = await StartAsync(o => o.Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(1), Jitter = false });
        await using var _ = server;
        await using var __ = client;

        var call = client.RequestAsync(new GetUser(1), Timeout.InfiniteTimeSpan);
        await ReadIdAsync(connection, "{");
        connection.Abort();

        var failure = await Assert.ThrowsAsync<WebSocketException>(() => call.WaitAsync(TestTimeouts.Default));
        Assert.Contains("ended before the response", failure.Message, StringComparison.Ordinal);

        // The next connection serves new calls.
        var next = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        var again = client.RequestAsync(new GetUser(2));
        var id = await ReadIdAsync(next, "{");
        await next.SendAsync($$"""{"id":{{id}},"name":"back"}""");
        Assert.Equal(new User("back"), await again.WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task Closing_fails_pending_calls()
    {
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        var call = client.RequestAsync(new GetUser(1));
        await ReadIdAsync(connection, "{");

        await client.CloseAsync().WaitAsync(TestTimeouts.Default);

        await Assert.ThrowsAsync<WebSocketException>(() => call.WaitAsync(TestTimeouts.Default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.RequestAsync(new GetUser(2)));
    }
}
