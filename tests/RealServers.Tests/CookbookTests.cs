using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using TypedWebSockets.RealServers.Tests.GraphQL;
using TypedWebSockets.RealServers.Tests.Infrastructure;
using TypedWebSockets.RealServers.Tests.JsonRpc;
using TypedWebSockets.Testing;
using Xunit;

namespace TypedWebSockets.RealServers.Tests;

/// <summary>
/// The cookbook at the end of docs/requests.md: each client declaration there is the <c>#region cookbook</c> of a test
/// file, compiled and run by the tests (GraphQL and JSON-RPC against the real servers here, Home Assistant and Kraken
/// replayed in Protocols.Tests), and the wire it shows is the exact text these clients send (checked here through the
/// fake transport, which hands the test every frame as sent).
/// </summary>
public sealed class CookbookTests
{
    private static readonly string[] Declarations =
    [
        "tests/RealServers.Tests/GraphQL/GraphQLClient.cs",
        "tests/RealServers.Tests/JsonRpc/RpcClients.cs",
        "tests/Protocols.Tests/HomeAssistantTests.cs",
        "tests/Protocols.Tests/KrakenTests.cs",
    ];

    [Fact]
    public void Every_declaration_in_the_cookbook_is_the_cookbook_region_of_a_tested_file()
    {
        var cookbook = Cookbook();
        foreach (var path in Declarations)
        {
            var region = Region(File.ReadAllLines(Path.Combine(RepoPaths.Root, path)), path);
            Assert.True(
                cookbook.Contains(region, StringComparison.Ordinal),
                $"docs/requests.md's cookbook does not show the #region cookbook of {path} as it is:\n{region}");
        }
    }

    [Fact]
    public async Task The_graphql_client_sends_string_ids_and_complete_to_stop()
    {
        await using var server = new FakeWebSocketServer { SubProtocol = GraphQLServer.Protocol };
        await using var client = new GraphQLClient("ws://graphql.test/graphql", new WebSocketOptions { Transport = server.Transport, SubProtocols = { GraphQLServer.Protocol } });
        var peer = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);

        await client.SendAsync(new ConnectionInit("abc"));
        Assert.Equal("""{"type":"connection_init","payload":{"token":"abc"}}""", await TextAsync(peer));
        await peer.SendAsync("""{"type":"connection_ack"}""");

        await using var results = client.SubscribeAsync(new Subscribe("subscription { ticks(count: 3) { n } }")).GetAsyncEnumerator();
        var first = results.MoveNextAsync();
        Assert.Equal("""{"type":"subscribe","id":"1","payload":{"query":"subscription { ticks(count: 3) { n } }"}}""", await TextAsync(peer));
        await peer.SendAsync("""{"id":"1","type":"next","payload":{"data":{"ticks":{"n":1}}}}""");
        Assert.True(await first.AsTask().WaitAsync(TestTimeouts.Default));
        Assert.Equal(1, results.Current.Data.GetProperty("ticks").GetProperty("n").GetInt32());

        await results.DisposeAsync();
        Assert.Equal("""{"type":"complete","id":"1"}""", await TextAsync(peer));
    }

    [Fact]
    public async Task The_json_rpc_clients_send_jsonrpc_method_id_and_params_by_name_or_by_position()
    {
        await using var server = new FakeWebSocketServer();
        await using var byName = new RpcClient("ws://rpc.test/rpc", new WebSocketOptions { Transport = server.Transport });
        var peer = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);

        var sum = byName.RequestAsync(new SumParams([1, 2, 3]));
        Assert.Equal("""{"jsonrpc":"2.0","method":"sum","id":1,"params":{"values":[1,2,3]}}""", await TextAsync(peer));
        await peer.SendAsync("""{"jsonrpc":"2.0","id":1,"result":6}""");
        Assert.Equal(6, await sum.WaitAsync(TestTimeouts.Default));

        await using var byPosition = new PositionalRpcClient("ws://rpc.test/rpc", new WebSocketOptions { Transport = server.Transport });
        var positional = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        var greet = byPosition.RequestAsync(new[] { "ada" });
        Assert.Equal("""{"jsonrpc":"2.0","method":"greet","id":1,"params":["ada"]}""", await TextAsync(positional));
        await positional.SendAsync("""{"jsonrpc":"2.0","id":1,"result":"Hello, ada!"}""");
        Assert.Equal("Hello, ada!", await greet.WaitAsync(TestTimeouts.Default));
    }

    private static async Task<string> TextAsync(FakeWebSocketConnection peer)
    {
        var message = await peer.ReceiveAsync().WaitAsync(TestTimeouts.Default);
        return message.Text ?? throw new InvalidOperationException("The client sent a binary frame.");
    }

    private static string Cookbook()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "requests.md")).ReplaceLineEndings("\n");
        var start = docs.IndexOf("\n## Cookbook\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/requests.md has no '## Cookbook' section.");
        return docs[start..];
    }

    /// <summary>The lines between <c>#region cookbook</c> and <c>#endregion</c>, as they are, joined by '\n'.</summary>
    private static string Region(IReadOnlyList<string> lines, string path)
    {
        var start = lines.ToList().IndexOf("#region cookbook");
        var end = lines.ToList().IndexOf("#endregion");
        Assert.True(start >= 0 && end > start, $"{path} has no '#region cookbook' ... '#endregion'.");
        return string.Join('\n', lines.Skip(start + 1).Take(end - start - 1));
    }
}
