using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Tasks;
using TypedWebSockets.RealServers.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.RealServers.Tests.JsonRpc;

/// <summary>
/// What StreamJsonRpc (JSON-RPC 2.0 over <c>WebSocketMessageHandler</c> with the System.Text.Json formatter) does on
/// the wire, shown with raw JSON over a plain ClientWebSocket: the facts the typed JSON-RPC client's tests will rely
/// on. Expected replies are the exact text the server sent (StreamJsonRpc writes <c>jsonrpc</c>, then <c>id</c>, then
/// <c>result</c> or <c>error</c>; System.Text.Json escapes <c>'</c> as <c>\u0027</c>).
/// </summary>
public sealed class JsonRpcServerTests(JsonRpcServer server) : IClassFixture<JsonRpcServer>
{
    [Fact]
    public async Task Positional_params_are_one_array_element_per_parameter()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(JsonRpcServer.NewClient()));

        // sum(long[] values): its one parameter is the array, so params is an array holding the array.
        Assert.Equal(
            """{"jsonrpc":"2.0","id":1,"result":6}""",
            await CallAsync(socket, """{"jsonrpc":"2.0","method":"sum","params":[[1,2,3]],"id":1}"""));

        // The bare array is three arguments, which sum does not take.
        var error = AssertError(await CallJsonAsync(socket, """{"jsonrpc":"2.0","method":"sum","params":[1,2,3],"id":2}"""), 2, -32602);
        Assert.StartsWith("Unable to find method 'sum/3'", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        Assert.Equal(
            """{"jsonrpc":"2.0","id":3,"result":"Hello, ada! Hello, ada!"}""",
            await CallAsync(socket, """{"jsonrpc":"2.0","method":"greet","params":["ada",2],"id":3}"""));
        Assert.Equal(
            """{"jsonrpc":"2.0","id":4,"result":"Hello, ada!"}""",
            await CallAsync(socket, """{"jsonrpc":"2.0","method":"greet","params":["ada"],"id":4}"""));
        await socket.CloseAsync();
    }

    [Fact]
    public async Task Named_params_match_the_parameter_names_exactly()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(JsonRpcServer.NewClient()));

        Assert.Equal(
            """{"jsonrpc":"2.0","id":1,"result":6}""",
            await CallAsync(socket, """{"jsonrpc":"2.0","method":"sum","params":{"values":[1,2,3]},"id":1}"""));
        Assert.Equal(
            """{"jsonrpc":"2.0","id":2,"result":"Hello, ada! Hello, ada!"}""",
            await CallAsync(socket, """{"jsonrpc":"2.0","method":"greet","params":{"name":"ada","times":2},"id":2}"""));
        Assert.Equal(
            """{"jsonrpc":"2.0","id":3,"result":"Hello, ada!"}""",
            await CallAsync(socket, """{"jsonrpc":"2.0","method":"greet","params":{"name":"ada"},"id":3}"""));

        // A name in another case is no match, and a property no parameter has is one argument too many.
        AssertError(await CallJsonAsync(socket, """{"jsonrpc":"2.0","method":"greet","params":{"Name":"ada"},"id":4}"""), 4, -32602);
        AssertError(await CallJsonAsync(socket, """{"jsonrpc":"2.0","method":"greet","params":{"name":"ada","times":2,"extra":1},"id":5}"""), 5, -32602);
        await socket.CloseAsync();
    }

    [Fact]
    public async Task A_single_object_parameter_takes_the_whole_params_object_and_ids_come_back_as_sent()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(JsonRpcServer.NewClient()));

        Assert.Equal(
            """{"jsonrpc":"2.0","id":"e1","result":{"text":"hi","sequence":7}}""",
            await CallAsync(socket, """{"jsonrpc":"2.0","method":"echo","params":{"text":"hi","sequence":7},"id":"e1"}"""));
        Assert.Equal(
            """{"jsonrpc":"2.0","id":9007199254740993,"result":{"text":"big","sequence":1}}""",
            await CallAsync(socket, """{"jsonrpc":"2.0","method":"echo","params":{"text":"big","sequence":1},"id":9007199254740993}"""));

        // Wrapped in an array, the object is not the parameter: the deserialization failure is a -32000 with the exception as data.
        var error = await CallJsonAsync(socket, """{"jsonrpc":"2.0","method":"echo","params":[{"text":"hi","sequence":7}],"id":"e2"}""");
        Assert.Equal("e2", error.GetProperty("id").GetString());
        Assert.Equal(-32000, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("System.Text.Json.JsonException", error.GetProperty("error").GetProperty("data").GetProperty("type").GetString());
        await socket.CloseAsync();
    }

    [Fact]
    public async Task Error_replies_carry_code_message_and_data()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(JsonRpcServer.NewClient()));

        Assert.Equal(
            """{"jsonrpc":"2.0","id":12,"error":{"code":4001,"message":"fail: because","data":{"reason":"because","attempts":3}}}""",
            await CallAsync(socket, """{"jsonrpc":"2.0","method":"fail","params":["because"],"id":12}"""));

        Assert.Equal(
            """{"jsonrpc":"2.0","id":13,"error":{"code":-32601,"message":"No method by the name \u0027nope\u0027 is found."}}""",
            await CallAsync(socket, """{"jsonrpc":"2.0","method":"nope","params":[],"id":13}"""));

        AssertError(await CallJsonAsync(socket, """{"jsonrpc":"2.0","method":"sum","id":14}"""), 14, -32602);
        await socket.CloseAsync();
    }

    [Fact]
    public async Task Server_notifications_have_method_and_params_by_name_and_no_id()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(JsonRpcServer.NewClient()));

        await socket.SendAsync("""{"jsonrpc":"2.0","method":"startTicks","params":[3],"id":1}""");

        for (var n = 1; n <= 3; n++)
        {
            Assert.Equal(
                "{\"jsonrpc\":\"2.0\",\"method\":\"tick\",\"params\":{\"n\":" + n.ToString(CultureInfo.InvariantCulture) + "}}",
                await socket.ReceiveTextAsync());
        }

        Assert.Equal("""{"jsonrpc":"2.0","id":1,"result":3}""", await socket.ReceiveTextAsync());
        await socket.CloseAsync();
    }

    [Fact]
    public async Task A_notification_from_the_client_gets_no_reply_and_a_missing_jsonrpc_member_is_accepted()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(JsonRpcServer.NewClient()));

        await socket.SendAsync("""{"jsonrpc":"2.0","method":"greet","params":["nobody"]}""");
        await socket.SendAsync("""{"method":"greet","params":["ada"],"id":2}""");

        // The first message back answers the second request: the notification had none.
        Assert.Equal("""{"jsonrpc":"2.0","id":2,"result":"Hello, ada!"}""", await socket.ReceiveTextAsync());
        await socket.CloseAsync();
    }

    [Fact]
    public async Task A_cancel_request_notification_ends_a_slow_call_with_error_32800()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(JsonRpcServer.NewClient()));

        await socket.SendAsync("""{"jsonrpc":"2.0","method":"slow","params":[60000],"id":"s"}""");
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"s"}}""");

        Assert.Equal("""{"jsonrpc":"2.0","id":"s","error":{"code":-32800,"message":"The task was cancelled."}}""", await socket.ReceiveTextAsync());
        await socket.CloseAsync();
    }

    [Fact]
    public async Task An_id_reused_while_its_call_is_pending_gets_an_error_under_that_same_id()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(JsonRpcServer.NewClient()));

        await socket.SendAsync("""{"jsonrpc":"2.0","method":"slow","params":[300],"id":1}""");
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"slow","params":[0],"id":1}""");

        // Two replies with id 1: a client cannot tell which call each answers, so ids must never be reused while pending.
        var rejected = AssertError(await socket.ReceiveJsonAsync(), 1, -32000);
        Assert.Contains("same key", rejected.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"jsonrpc":"2.0","id":1,"result":300}""", await socket.ReceiveTextAsync());
        await socket.CloseAsync();
    }

    [Fact]
    public async Task A_thousand_concurrent_calls_each_get_their_own_reply_by_id()
    {
        const int Calls = 1000;
        var client = JsonRpcServer.NewClient();
        await using var socket = await RawSocket.ConnectAsync(server.Url(client));

        // Call i waits a delay no other call has (a permutation of 0..999 ms), so the replies come back reordered
        // and each result tells which call it answers.
        static int DelayOf(int id) => id * 7 % Calls;
        var receiving = Task.Run(async () =>
        {
            var replies = new List<(long Id, int Result)>(Calls);
            for (var i = 0; i < Calls; i++)
            {
                var reply = await socket.ReceiveJsonAsync(TimeSpan.FromSeconds(60));
                replies.Add((reply.GetProperty("id").GetInt64(), reply.GetProperty("result").GetInt32()));
            }

            return replies;
        });
        for (var id = 0; id < Calls; id++)
        {
            await socket.SendAsync(string.Create(
                CultureInfo.InvariantCulture, $$"""{"jsonrpc":"2.0","method":"slow","params":[{{DelayOf(id)}}],"id":{{id}}}"""));
        }

        var received = await receiving;
        Assert.Equal(Enumerable.Range(0, Calls).Select(id => (long)id), received.Select(r => r.Id).Order());
        Assert.All(received, r => Assert.Equal(DelayOf((int)r.Id), r.Result));
        Assert.NotEqual(Enumerable.Range(0, Calls).Select(id => (long)id), received.Select(r => r.Id));
        await socket.CloseAsync();
        await server.EndedAsync(client);
        Assert.Empty(server.Faults(client));
    }

    [Fact]
    public async Task A_clean_close_from_the_client_is_answered_and_ends_the_server_side_without_a_fault()
    {
        var client = JsonRpcServer.NewClient();
        await using var socket = await RawSocket.ConnectAsync(server.Url(client));
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"greet","params":["ada"],"id":1}""");
        await socket.ReceiveTextAsync();

        await socket.CloseAsync();

        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        await server.EndedAsync(client);
        Assert.Empty(server.Faults(client));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"greet","params":["ada"],"id":1""", "JSON cut short")]
    [InlineData("""[{"jsonrpc":"2.0","method":"greet","params":["ada"],"id":1}]""", "a batch")]
    [InlineData("""{"jsonrpc":"2.0","method":"greet","params":["ada"],"id":1.5}""", "a fractional id")]
    [InlineData("""{"jsonrpc":"2.0","method":"greet","params":"ada","id":1}""", "params neither array nor object")]
    public async Task A_message_StreamJsonRpc_cannot_read_ends_the_connection_without_a_close_frame_or_a_reply(string message, string what)
    {
        var client = JsonRpcServer.NewClient();
        await using var socket = await RawSocket.ConnectAsync(server.Url(client));

        await socket.SendAsync(message);

        var dropped = await Assert.ThrowsAsync<WebSocketException>(() => socket.ReceiveAsync());
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, dropped.WebSocketErrorCode);
        await server.EndedAsync(client);
        Assert.True(server.Faults(client).Count == 1, $"The server side of the connection that got {what} should have faulted once.");
    }

    /// <summary>Sends <paramref name="request"/> and returns the next message's text.</summary>
    private static async Task<string> CallAsync(RawSocket socket, string request)
    {
        await socket.SendAsync(request);
        return await socket.ReceiveTextAsync();
    }

    /// <summary>Sends <paramref name="request"/> and returns the next message as JSON.</summary>
    private static async Task<JsonElement> CallJsonAsync(RawSocket socket, string request)
    {
        await socket.SendAsync(request);
        return await socket.ReceiveJsonAsync();
    }

    /// <summary>Asserts an error reply to <paramref name="id"/> with <paramref name="code"/>; returns its error object.</summary>
    private static JsonElement AssertError(JsonElement reply, long id, int code)
    {
        Assert.Equal("2.0", reply.GetProperty("jsonrpc").GetString());
        Assert.Equal(id, reply.GetProperty("id").GetInt64());
        Assert.False(reply.TryGetProperty("result", out _), $"An error reply has no result: {reply}");
        var error = reply.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error;
    }
}
