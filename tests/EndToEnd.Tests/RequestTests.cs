// Generated RequestAsync against the in-memory FakeWebSocketServer: the request goes out with its discriminator and a
// correlation id, the reply carrying that id completes the call with the typed response, and an error reply faults it.

using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using TypedWebSockets.Testing;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

public sealed record GetUser(int UserId);

public sealed record User(string Name);

public sealed record ListUsers(int Page);

[WebSocketClient]
[Receives<ChatMessage>("chat")]
[Requests<GetUser, User>("getUser")]
[Requests<ListUsers, Page<User>>]
public sealed partial class RequestingClient;

[WebSocketClient(JsonContext = typeof(RequestJsonContext), Envelope = "data", CorrelationId = "rid", ErrorProperty = "fault")]
[Requests<GetUser, User>("getUser")]
public sealed partial class ContextRequestingClient;

// TWS0030: replies carry the discriminator of a received contract. The tests below show what the warning says.
[WebSocketClient]
[Receives<User>("user")]
#pragma warning disable TWS0030
[Requests<GetUser, User>("getUser", ResponseDiscriminator = "user")]
#pragma warning restore TWS0030
public sealed partial class OverlappingClient;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GetUser))]
[JsonSerializable(typeof(User))]
internal sealed partial class RequestJsonContext : JsonSerializerContext;

public sealed class RequestTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private static async Task<(long Id, JsonElement Root)> ReadRequestAsync(FakeWebSocketConnection connection, string expectedPrefix, string idProperty = "id")
    {
        var text = (await connection.ReceiveAsync().WaitAsync(s_timeout)).Text!;
        Assert.StartsWith(expectedPrefix, text, StringComparison.Ordinal);
        var root = JsonDocument.Parse(text).RootElement;
        return (root.GetProperty(idProperty).GetInt64(), root);
    }

    [Fact]
    public async Task RequestAsync_sends_the_discriminator_and_id_and_completes_with_the_typed_response()
    {
        await using var server = new FakeWebSocketServer();
        await using var client = new RequestingClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var connection = await server.AcceptAsync().WaitAsync(s_timeout);

        var user = client.RequestAsync(new GetUser(42));
        var page = client.RequestAsync(new ListUsers(2));
        var (userId, userRequest) = await ReadRequestAsync(connection, """{"type":"getUser","id":""");
        Assert.Equal(42, userRequest.GetProperty("userId").GetInt32());
        var (pageId, pageRequest) = await ReadRequestAsync(connection, """{"type":"listUsers","id":""");
        Assert.Equal(2, pageRequest.GetProperty("page").GetInt32());

        // Out of order, the id once as a string: matched by id only.
        await connection.SendAsync($$"""{"type":"listUsers","id":{{pageId}},"number":2,"items":[{"name":"ada"},{"name":"grace"}]}""");
        await connection.SendAsync($$"""{"type":"getUser","id":"{{userId}}","name":"ada"}""");

        Assert.Equal(new User("ada"), await user.WaitAsync(s_timeout));
        var users = await page.WaitAsync(s_timeout);
        Assert.Equal(2, users.Number);
        Assert.Equal([new User("ada"), new User("grace")], users.Items);
        Assert.Equal(0, client.PendingRequestCount);
    }

    [Fact]
    public async Task An_error_reply_faults_RequestAsync_with_WebSocketRequestException()
    {
        await using var server = new FakeWebSocketServer();
        await using var client = new RequestingClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var connection = await server.AcceptAsync().WaitAsync(s_timeout);

        var call = client.RequestAsync(new GetUser(404));
        var (id, _) = await ReadRequestAsync(connection, """{"type":"getUser","id":""");
        await connection.SendAsync($$$"""{"id":{{{id}}},"error":{"code":404,"message":"no such user"}}""");

        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => call.WaitAsync(s_timeout));
        Assert.Equal("404", error.Code);
        Assert.Equal("no such user", error.ErrorMessage);
        Assert.Equal(id, error.CorrelationId);
    }

    [Fact]
    public async Task A_client_with_a_JsonContext_uses_its_envelope_correlation_and_error_properties()
    {
        await using var server = new FakeWebSocketServer();
        await using var client = new ContextRequestingClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var connection = await server.AcceptAsync().WaitAsync(s_timeout);

        var ok = client.RequestAsync(new GetUser(1));
        var (okId, okRequest) = await ReadRequestAsync(connection, """{"type":"getUser","rid":""", "rid");
        Assert.Equal(1, okRequest.GetProperty("data").GetProperty("userId").GetInt32());
        await connection.SendAsync($$$"""{"rid":{{{okId}}},"data":{"name":"ada"}}""");
        Assert.Equal(new User("ada"), await ok.WaitAsync(s_timeout));

        var failing = client.RequestAsync(new GetUser(2));
        var (failingId, _) = await ReadRequestAsync(connection, """{"type":"getUser","rid":""", "rid");
        await connection.SendAsync($$"""{"rid":{{failingId}},"fault":"nope"}""");
        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => failing.WaitAsync(s_timeout));
        Assert.Equal("nope", error.ErrorMessage);
    }

    [Fact]
    public async Task The_fake_server_answers_a_generated_client_by_correlation_id()
    {
        await using var server = new FakeWebSocketServer();
        await using var client = new ContextRequestingClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var connection = await server.AcceptAsync().WaitAsync(s_timeout);

        var ok = client.RequestAsync(new GetUser(1));
        var answered = await connection.RespondToRequestAsync<GetUser, User>(request => new User($"user {request.UserId}")).WaitAsync(s_timeout);
        Assert.Equal(new User("user 1"), await ok.WaitAsync(s_timeout));
        Assert.StartsWith("""{"type":"getUser","rid":""", answered.Text, StringComparison.Ordinal);

        var failing = client.RequestAsync(new GetUser(2));
        var request = await connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(s_timeout);
        Assert.Equal(new GetUser(2), request.Message);
        await request.ReplyErrorAsync(404, "no such user").WaitAsync(s_timeout);
        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => failing.WaitAsync(s_timeout));
        Assert.Equal("404", error.Code);
        Assert.Equal(request.CorrelationId, error.CorrelationId);
    }

    [Fact]
    public async Task With_a_response_discriminator_that_is_also_received_ids_decide_between_the_call_and_the_handler()
    {
        await using var server = new FakeWebSocketServer();
        var handled = System.Threading.Channels.Channel.CreateUnbounded<User>();
        await using var client = new OverlappingClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport })
        {
            OnUser = user => handled.Writer.TryWrite(user),
        };
        var connection = await server.AcceptAsync().WaitAsync(s_timeout);

        // A pushed "user" that carries a pending call's id answers the call; the handler never sees it.
        var call = client.RequestAsync(new GetUser(1));
        var request = await connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(s_timeout);
        await connection.SendAsync($$"""{"type":"user","id":{{request.CorrelationId}},"name":"pushed"}""");
        Assert.Equal(new User("pushed"), await call.WaitAsync(s_timeout));

        // A reply after its call timed out reaches the handler as a received User.
        var late = client.RequestAsync(new GetUser(2), TimeSpan.FromMilliseconds(50));
        request = await connection.ReceiveRequestAsync<GetUser, User>().WaitAsync(s_timeout);
        await Assert.ThrowsAsync<TimeoutException>(() => late.WaitAsync(s_timeout));
        await request.ReplyAsync(new User("late")).WaitAsync(s_timeout);
        Assert.Equal(new User("late"), await handled.Reader.ReadAsync().AsTask().WaitAsync(s_timeout));
        Assert.False(handled.Reader.TryRead(out var extra), $"The handler also got {extra}.");
    }
}
