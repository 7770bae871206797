using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;
using TypedWebSockets.Testing;
using Xunit;

namespace TypedWebSockets.Tests;

// What the generator emits for requests with the issue-14 options, written by hand (the runtime tests run no generator).
internal sealed class CorrelatedClient : WebSocket
{
    public CorrelatedClient(string url, WebSocketOptions options)
        : base(url, options)
    {
    }

    public Task<TResponse> RequestAsync<TRequest, TResponse>(RequestContract<TRequest, TResponse> contract, TRequest request)
        => SendRequestAsync(contract, request, null, CancellationToken.None);
}

public sealed class CorrelationTests
{
    public sealed record Ask(string Query);

    public sealed record Answer(string Text);

    private static async Task<(FakeWebSocketServer Server, CorrelatedClient Client, FakeWebSocketConnection Connection)> StartAsync()
    {
        var server = new FakeWebSocketServer();
        var client = new CorrelatedClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        return (server, client, connection);
    }

    private static async Task<string> ReceiveAsync(FakeWebSocketConnection connection)
        => (await connection.ReceiveAsync().WaitAsync(TestTimeouts.Default)).Text!;

    [Fact]
    public async Task A_correlation_property_whose_name_needs_escaping_still_matches_replies()
    {
        // JsonEncodedText writes "<" as \u003C; the reply's property name is compared unescaped, as written on the wire.
        var format = new MessageFormat("type", null, new() { Correlation = new() { CorrelationId = "r<id>", ErrorProperty = "f&ault" } });
        var contract = RequestContract<Ask, Answer>.CreateWithReflection(typeof(CorrelatedClient), format, "ask");
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        await using var __ = client;

        var call = client.RequestAsync(contract, new Ask("q"));
        Assert.Equal("""{"type":"ask","r\u003Cid\u003E":1,"query":"q"}""", await ReceiveAsync(connection));
        await connection.SendAsync("""{"r<id>":1,"text":"ok"}""");
        Assert.Equal(new Answer("ok"), await call.WaitAsync(TestTimeouts.Default));

        var failing = client.RequestAsync(contract, new Ask("e"));
        await ReceiveAsync(connection);
        await connection.SendAsync("""{"r\u003cid>":2,"f\u0026ault":"no"}""");
        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => failing.WaitAsync(TestTimeouts.Default));
        Assert.Equal("no", error.ErrorMessage);
    }

    [Fact]
    public async Task String_ids_are_written_quoted_and_replies_match_as_numbers_or_strings()
    {
        var format = new MessageFormat("type", "payload", new() { Correlation = new() { IdFormat = CorrelationIdFormat.String } });
        var contract = RequestContract<Ask, Answer>.CreateWithReflection(typeof(CorrelatedClient), format, "ask");
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        await using var __ = client;

        var first = client.RequestAsync(contract, new Ask("a"));
        var second = client.RequestAsync(contract, new Ask("b"));
        Assert.Equal("""{"type":"ask","id":"1","payload":{"query":"a"}}""", await ReceiveAsync(connection));
        Assert.Equal("""{"type":"ask","id":"2","payload":{"query":"b"}}""", await ReceiveAsync(connection));

        await connection.SendAsync("""{"id":2,"payload":{"text":"two"}}""");
        await connection.SendAsync("""{"id":"1","payload":{"text":"one"}}""");
        Assert.Equal(new Answer("one"), await first.WaitAsync(TestTimeouts.Default));
        Assert.Equal(new Answer("two"), await second.WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task Reply_id_response_envelope_and_error_property_are_read_at_their_paths()
    {
        // Mattermost-like seq/seq_reply; a JSON-RPC-like result; an error nested in a status object.
        var format = new MessageFormat("action", "data", new()
        {
            Correlation = new() { CorrelationId = "seq", ReplyCorrelationId = "/meta/seq_reply", ErrorProperty = "/status/error", ResponseEnvelope = "result" },
        });
        var contract = RequestContract<Ask, Answer>.CreateWithReflection(typeof(CorrelatedClient), format, "ask");
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        await using var __ = client;

        var call = client.RequestAsync(contract, new Ask("x"));
        Assert.Equal("""{"action":"ask","seq":1,"data":{"query":"x"}}""", await ReceiveAsync(connection));
        await connection.SendAsync("""{"seq":1,"result":{"text":"not me: no seq_reply"}}""");
        await connection.SendAsync("""{"meta":{"seq_reply":1},"status":{"error":null},"result":{"text":"yes"}}""");
        Assert.Equal(new Answer("yes"), await call.WaitAsync(TestTimeouts.Default));

        var failing = client.RequestAsync(contract, new Ask("y"));
        await ReceiveAsync(connection);
        await connection.SendAsync("""{"meta":{"seq_reply":2},"status":{"error":{"code":7,"message":"busy"}}}""");
        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => failing.WaitAsync(TestTimeouts.Default));
        Assert.Equal("7", error.Code);
        Assert.Equal(2, error.CorrelationId);
    }

    [Fact]
    public async Task An_error_kind_fails_the_call_with_the_payload_as_the_error()
    {
        var format = new MessageFormat("type", "payload", new() { Correlation = new() { IdFormat = CorrelationIdFormat.String } });
        var contract = RequestContract<Ask, Answer>.CreateWithReflection(typeof(CorrelatedClient), format, "subscribe", new CorrelatedContractOptions { ErrorDiscriminator = "error" });
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        await using var __ = client;

        var call = client.RequestAsync(contract, new Ask("{ bad }"));
        await ReceiveAsync(connection);
        await connection.SendAsync("""{"id":"1","type":"error","payload":[{"message":"Cannot query field"}]}""");
        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => call.WaitAsync(TestTimeouts.Default));
        Assert.Equal(JsonValueKind.Array, error.Error.ValueKind);
        Assert.Equal("Cannot query field", error.Error[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_nullable_response_accepts_a_null_or_absent_payload_and_another_refuses_it()
    {
        var format = new MessageFormat("method", "params", new() { Correlation = new() { ResponseEnvelope = "result" } });
        var nullable = RequestContract<string[], JsonElement?>.CreateWithReflection(typeof(CorrelatedClient), format, "SUBSCRIBE", new CorrelatedContractOptions { ResponseAllowsNull = true });
        var strict = RequestContract<string[], Answer>.CreateWithReflection(typeof(CorrelatedClient), format, "GET");
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        await using var __ = client;

        // Binance: {"result":null,"id":1}
        var subscribe = client.RequestAsync(nullable, ["btcusdt@trade"]);
        Assert.Equal("""{"method":"SUBSCRIBE","id":1,"params":["btcusdt@trade"]}""", await ReceiveAsync(connection));
        await connection.SendAsync("""{"result":null,"id":1}""");
        Assert.Null(await subscribe.WaitAsync(TestTimeouts.Default));

        var absent = client.RequestAsync(nullable, []);
        await ReceiveAsync(connection);
        await connection.SendAsync("""{"id":2}""");
        Assert.Null(await absent.WaitAsync(TestTimeouts.Default));

        var refused = client.RequestAsync(strict, []);
        await ReceiveAsync(connection);
        await connection.SendAsync("""{"result":null,"id":3}""");
        var error = await Assert.ThrowsAsync<MessageContractException>(() => refused.WaitAsync(TestTimeouts.Default));
        Assert.Contains("null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_are_unique_across_requests_and_never_reused()
    {
        var format = new MessageFormat("type", null);
        var contract = RequestContract<Ask, Answer>.CreateWithReflection(typeof(CorrelatedClient), format, "ask");
        var (server, client, connection) = await StartAsync();
        await using var _ = server;
        await using var __ = client;

        var seen = new System.Collections.Generic.HashSet<long>();
        for (var i = 0; i < 20; i++)
        {
            var call = client.RequestAsync(contract, new Ask("n"));
            using var json = JsonDocument.Parse(await ReceiveAsync(connection));
            var id = json.RootElement.GetProperty("id").GetInt64();
            Assert.True(seen.Add(id), $"id {id} was used twice");
            await connection.SendAsync($$"""{"id":{{id}},"text":"ok"}""");
            await call.WaitAsync(TestTimeouts.Default);
        }
    }
}
