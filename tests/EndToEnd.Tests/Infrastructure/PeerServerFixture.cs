using System;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests.Infrastructure;

/// <summary>One <see cref="PeerServer"/> per test class (connections are kept apart by <see cref="PeerServer.Expect"/>).</summary>
public sealed class PeerServerFixture : IAsyncLifetime
{
    private PeerServer? _server;

    public PeerServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async ValueTask InitializeAsync() => _server = await PeerServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>A connected client and the server side of its connection.</summary>
public sealed class Connection<TClient>(TClient client, ServerPeer peer) : IAsyncDisposable
    where TClient : WebSocket
{
    public TClient Client { get; } = client;

    public ServerPeer Peer { get; } = peer;

    public async ValueTask DisposeAsync() => await Client.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
}

public static class PeerServerExtensions
{
    /// <summary>
    /// Makes a client with <paramref name="create"/> (handlers go in its object initializer), and waits until the server
    /// accepted it and it is open.
    /// </summary>
    public static async Task<Connection<TClient>> ConnectAsync<TClient>(this PeerServer server, Func<string, TClient> create, params string[] onAccept)
        where TClient : WebSocket
    {
        var (url, accepted) = server.Expect(onAccept);
        var client = create(url);
        try
        {
            var peer = await accepted.WaitAsync(TestTimeouts.Default);
            await client.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
            return new Connection<TClient>(client, peer);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
