using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;
using TypedWebSockets.Testing;
using TypedWebSockets.Tests.Support;
using Xunit;

namespace TypedWebSockets.Tests;

public sealed record CountUsers(string Room);

// What the generator emits for these attributes, written by hand (the runtime tests run no generator); the fake server
// reads the attributes, the hand-written contracts follow them.
[WebSocketClient]
[Requests<GetUser, User>("getUser")]
[Requests<CountUsers, int>("count")]
internal sealed class FlatServedClient : WebSocket
{
    private static readonly MessageFormat s_format = new("type", null);
    private static readonly RequestContract<GetUser, User> s_getUser =
        RequestContract<GetUser, User>.CreateWithReflection(typeof(FlatServedClient), s_format, "getUser");

    private static readonly RequestContract<CountUsers, int> s_count =
        RequestContract<CountUsers, int>.CreateWithReflection(typeof(FlatServedClient), s_format, "count");

    public FlatServedClient(string url, WebSocketOptions options)
        : base(url, options)
    {
    }

    public Task<User> RequestAsync(GetUser request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => SendRequestAsync(s_getUser, request, timeout, cancellationToken);

    public Task<int> RequestAsync(CountUsers request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => SendRequestAsync(s_count, request, timeout, cancellationToken);
}

[WebSocketClient(Envelope = "data", CorrelationId = "rid", ErrorProperty = "fault")]
[Requests<GetUser, User>("getUser", ResponseDiscriminator = "user")]
internal sealed class EnvelopeServedClient : WebSocket
{
    private static readonly RequestContract<GetUser, User> s_getUser =
        RequestContract<GetUser, User>.CreateWithReflection(typeof(EnvelopeServedClient), new MessageFormat("type", "data", new MessageFormatOptions { Correlation = new CorrelationOptions { CorrelationId = "rid", ErrorProperty = "fault" } }), "getUser");

    public EnvelopeServedClient(string url, WebSocketOptions options)
        : base(url, options)
    {
    }

    public Task<User> RequestAsync(GetUser request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => SendRequestAsync(s_getUser, request, timeout, cancellationToken);
}

/// <summary>The fake server's request helpers: ReceiveRequestAsync, the replies of FakeWebSocketRequest, RespondToRequestAsync.</summary>
public sealed class FakeServerRequestTests
{
    // A fake server, a client connected to it and what the client receives, as text: the replies' exact wire form.
    private static async Task<Served<TClient>> StartAsync<TClient>(Func<string, WebSocketOptions, TClient> create)
        where TClient : WebSocket
    {
        var server = new FakeWebSocketServer();
        var client = create("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var raw = Channel.CreateUnbounded<string>();
        client.OnMessage = message => raw.Writer.TryWrite(message.Text!);
        var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        return new Served<TClient>(server, client, connection, raw.Reader);
    }

    [Fact]
    public async Task A_request_is_read_with_its_id_and_the_reply_carries_the_id_in_the_flat_format()
    {
        await using var served = await StartAsync((url, options) => new FlatServedClient(url, options));
        var (_, client, connection, raw) = served;

        var first = client.RequestAsync(new GetUser(1));
        var second = client.RequestAsync(new GetUser(2));
        var firstRequest = await connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(TestTimeouts.Default);
        var secondRequest = await connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(TestTimeouts.Default);

        Assert.Equal(new GetUser(1), firstRequest.Message);
        Assert.Equal(new GetUser(2), secondRequest.Message);
        Assert.NotEqual(firstRequest.CorrelationId, secondRequest.CorrelationId);
        Assert.Equal($$"""{"type":"getUser","id":{{firstRequest.CorrelationId}},"userId":1}""", firstRequest.Text);

        // Answered out of order: each reply completes the call with its id.
        await secondRequest.ReplyAsync(new User("grace")).WaitAsync(TestTimeouts.Default);
        await firstRequest.ReplyAsync(new User("ada")).WaitAsync(TestTimeouts.Default);
        Assert.Equal(new User("grace"), await second.WaitAsync(TestTimeouts.Default));
        Assert.Equal(new User("ada"), await first.WaitAsync(TestTimeouts.Default));
        Assert.Equal($$"""{"type":"getUser","id":{{secondRequest.CorrelationId}},"name":"grace"}""", await raw.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default));
        Assert.Equal($$"""{"type":"getUser","id":{{firstRequest.CorrelationId}},"name":"ada"}""", await raw.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default));
        Assert.Equal(0, client.PendingRequestCount);
    }

    [Fact]
    public async Task Error_replies_fail_the_call_with_the_code_and_message_or_the_given_error()
    {
        await using var served = await StartAsync((url, options) => new FlatServedClient(url, options));
        var (_, client, connection, raw) = served;

        var missing = client.RequestAsync(new GetUser(404));
        var request = await connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(TestTimeouts.Default);
        await request.ReplyErrorAsync(404, "no such user").WaitAsync(TestTimeouts.Default);

        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => missing.WaitAsync(TestTimeouts.Default));
        Assert.Equal("404", error.Code);
        Assert.Equal("no such user", error.ErrorMessage);
        Assert.Equal(request.CorrelationId, error.CorrelationId);
        Assert.Equal(typeof(GetUser), error.RequestType);
        Assert.Equal(
            $$$"""{"type":"getUser","id":{{{request.CorrelationId}}},"error":{"code":404,"message":"no such user"}}""",
            await raw.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default));

        var refused = client.RequestAsync(new GetUser(7));
        request = await connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(TestTimeouts.Default);
        await request.ReplyErrorAsync(JsonSerializer.SerializeToElement("refused")).WaitAsync(TestTimeouts.Default);
        error = await Assert.ThrowsAsync<WebSocketRequestException>(() => refused.WaitAsync(TestTimeouts.Default));
        Assert.Equal("refused", error.ErrorMessage);
        Assert.Null(error.Code);
    }

    [Fact]
    public async Task The_envelope_format_custom_properties_and_the_response_discriminator_are_honoured()
    {
        await using var served = await StartAsync((url, options) => new EnvelopeServedClient(url, options));
        var (_, client, connection, raw) = served;

        var ok = client.RequestAsync(new GetUser(1));
        var request = await connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(TestTimeouts.Default);
        Assert.Equal($$$"""{"type":"getUser","rid":{{{request.CorrelationId}}},"data":{"userId":1}}""", request.Text);
        await request.ReplyAsync(new User("ada")).WaitAsync(TestTimeouts.Default);
        Assert.Equal(new User("ada"), await ok.WaitAsync(TestTimeouts.Default));
        Assert.Equal($$$"""{"type":"user","rid":{{{request.CorrelationId}}},"data":{"name":"ada"}}""", await raw.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default));

        var failing = client.RequestAsync(new GetUser(2));
        request = await connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(TestTimeouts.Default);
        await request.ReplyErrorAsync(500, "down").WaitAsync(TestTimeouts.Default);
        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => failing.WaitAsync(TestTimeouts.Default));
        Assert.Equal("down", error.ErrorMessage);
        Assert.Equal($$$"""{"type":"user","rid":{{{request.CorrelationId}}},"fault":{"code":500,"message":"down"}}""", await raw.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task RespondToRequestAsync_answers_the_next_request_with_the_function_result()
    {
        await using var served = await StartAsync((url, options) => new FlatServedClient(url, options));
        var (_, client, connection, _) = served;

        var call = client.RequestAsync(new GetUser(42));
        var answered = await connection.RespondToRequestAsync<GetUser, User>(request => new User($"user {request.UserId}")).WaitAsync(TestTimeouts.Default);

        Assert.Equal(new GetUser(42), answered.Message);
        Assert.Equal(new User("user 42"), await call.WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task A_client_without_the_Requests_pair_fails_at_once_with_what_it_declares()
    {
        await using var served = await StartAsync((url, options) => new FlatServedClient(url, options));
        var (server, _, connection, _) = served;

        // Nothing was sent: both fail before waiting for a message.
        var wrongResponse = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ReceiveRequestAsync<GetUser, string>());
        Assert.Equal(
            "TypedWebSockets.Tests.FlatServedClient answers GetUser with TypedWebSockets.Tests.User ([Requests<GetUser, User>]), not with System.String.",
            wrongResponse.Message);
        var notRequested = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ReceiveRequestAsync<User, GetUser>());
        Assert.Equal(
            "TypedWebSockets.Tests.FlatServedClient does not request TypedWebSockets.Tests.User: it has no [Requests<User, GetUser>].",
            notRequested.Message);

        await using var plain = new WebSocket("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var plainConnection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        var untyped = await Assert.ThrowsAsync<InvalidOperationException>(() => plainConnection.ReceiveRequestAsync<GetUser, User>());
        Assert.Contains("has no [WebSocketClient] attribute", untyped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_that_is_not_the_request_is_reported_with_its_text()
    {
        await using var served = await StartAsync((url, options) => new FlatServedClient(url, options));
        var (_, client, connection, _) = served;

        await client.SendAsync("""{"type":"getUser","userId":1}""");
        var noId = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(TestTimeouts.Default));
        Assert.Equal(
            """Expected a GetUser request ('getUser') with a correlation id at 'id' from FlatServedClient, but it sent: {"type":"getUser","userId":1}""",
            noId.Message);

        await client.SendAsync("""{"type":"count","id":5,"room":"lobby"}""");
        var other = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(TestTimeouts.Default));
        Assert.Equal("""Expected a GetUser message ('getUser') from FlatServedClient, but it sent: {"type":"count","id":5,"room":"lobby"}""", other.Message);
    }

    [Fact]
    public async Task Bad_replies_are_rejected_before_anything_is_sent()
    {
        await using var served = await StartAsync((url, options) => new FlatServedClient(url, options));
        var (_, client, connection, raw) = served;

        var call = client.RequestAsync(new GetUser(1));
        var request = await connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(TestTimeouts.Default);
        await Assert.ThrowsAsync<ArgumentNullException>(() => request.ReplyAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => request.ReplyErrorAsync(1, null!));
        await Assert.ThrowsAsync<ArgumentException>(() => request.ReplyErrorAsync(JsonSerializer.SerializeToElement<object?>(null)));
        await Assert.ThrowsAsync<ArgumentException>(() => request.ReplyErrorAsync(default(JsonElement)));

        // An int has no object for the flat format's correlation id.
        var count = client.RequestAsync(new CountUsers("lobby"));
        var countRequest = await connection.ReceiveRequestAsync<CountUsers, int>().WaitAsync(TestTimeouts.Default);
        var notAnObject = await Assert.ThrowsAsync<InvalidOperationException>(() => countRequest.ReplyAsync(3));
        Assert.StartsWith("System.Int32 does not serialize as a JSON object, which the flat wire format needs", notAnObject.Message, StringComparison.Ordinal);

        Assert.False(raw.TryRead(out var sent), $"Nothing should have been sent, but the client received {sent}.");
        Assert.False(call.IsCompleted);
        Assert.False(count.IsCompleted);

        // Both can still be answered.
        await request.ReplyAsync(new User("ada")).WaitAsync(TestTimeouts.Default);
        await countRequest.ReplyErrorAsync(400, "no count in the flat format").WaitAsync(TestTimeouts.Default);
        Assert.Equal(new User("ada"), await call.WaitAsync(TestTimeouts.Default));
        await Assert.ThrowsAsync<WebSocketRequestException>(() => count.WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task Waiting_for_a_request_can_be_cancelled()
    {
        await using var served = await StartAsync((url, options) => new FlatServedClient(url, options));
        var connection = served.Connection;
        using var cancel = new CancellationTokenSource();

        var waiting = connection.ReceiveRequestAsync<GetUser, User>(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TestTimeouts.Default));
    }

    private sealed record Served<TClient>(FakeWebSocketServer Server, TClient Client, FakeWebSocketConnection Connection, ChannelReader<string> Raw) : IAsyncDisposable
        where TClient : WebSocket
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}
