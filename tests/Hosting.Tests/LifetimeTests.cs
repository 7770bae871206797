using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace TypedWebSockets.Hosting.Tests;

public sealed class LifetimeTests
{
    [Fact]
    public async Task The_client_connects_when_the_host_starts_and_is_closed_with_1001_when_StopAsync_returns()
    {
        await using var server = await TestServer.StartAsync();
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddWebSocketClient<EchoClient>(server.Url("/echo"));
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<EchoClient>();
        Assert.Equal(0, server.Handshakes);

        await host.StartAsync();
        await client.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
        var session = await server.WaitForSessionAsync();
        Assert.Throws<InvalidOperationException>(client.Connect);   // the host connected it already

        await host.StopAsync();
        Assert.Equal(WebSocketState.Closed, client.ReadyState);
        Assert.True(client.WasClean);
        Assert.Equal(1001, client.CloseCode);
        Assert.Equal(1001, (await session.ClosedByClient.Task.WaitAsync(TestTimeouts.Default)).Code);

        // The client logged through the host's logger factory, beside the hosting package's own events.
        var logs = host.Services.GetFakeLogCollector().GetSnapshot().Where(record => record.Category?.StartsWith("TypedWebSockets", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(
            ["ClientStarting", "Connecting", "Connected", "ClientStopping", "ConnectionClosed", "Closed"],
            logs.Select(record => record.Id.Name));
        Assert.Equal(["TypedWebSockets.Hosting", "TypedWebSockets.Hosting.Tests.EchoClient"], logs.Select(record => record.Category).Distinct());
    }

    [Fact]
    public async Task A_worker_registered_after_the_client_can_still_send_while_the_host_stops()
    {
        await using var server = await TestServer.StartAsync();
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddWebSocketClient<EchoClient>(server.Url("/record"));
        builder.Services.AddHostedService<GoodbyeWorker>();
        using var host = builder.Build();

        await host.StartAsync();
        var session = await server.WaitForSessionAsync();
        await session.WaitForMessagesAsync(1);
        await host.StopAsync();

        // The worker's StopAsync ran while the client was still open; the client closed after it.
        var received = session.Received;
        Assert.Equal(2, received.Count);
        Assert.Contains("\"text\":\"hello\"", received[0], StringComparison.Ordinal);
        Assert.Contains("\"text\":\"goodbye\"", received[1], StringComparison.Ordinal);
        Assert.Equal(1001, (await session.ClosedByClient.Task.WaitAsync(TestTimeouts.Default)).Code);
    }

    [Fact]
    public async Task Several_clients_of_different_types_share_one_host()
    {
        await using var server = await TestServer.StartAsync();
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddWebSocketClient<EchoClient>(server.Url("/echo"));
        builder.Services.AddWebSocketClient<TickClient>(server.Url("/push?count=3"));
        builder.Services.AddWebSocketClient<RpcClient>(server.Url("/rpc"));
        using var host = builder.Build();
        var echo = host.Services.GetRequiredService<EchoClient>();
        var ticks = host.Services.GetRequiredService<TickClient>();
        var rpc = host.Services.GetRequiredService<RpcClient>();
        var received = 0;
        var allTicks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ticks.OnTick = tick =>
        {
            if (Interlocked.Increment(ref received) == 3)
            {
                allTicks.TrySetResult();
            }
        };

        await host.StartAsync();
        var echoed = new TaskCompletionSource<Ping>(TaskCreationOptions.RunContinuationsAsynchronously);
        echo.OnPing = ping => echoed.TrySetResult(ping);
        await echo.SendAsync(new Ping(7, "echo"));
        Assert.Equal(7, (await echoed.Task.WaitAsync(TestTimeouts.Default)).N);
        await allTicks.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(5, (await rpc.RequestAsync(new Sum([2, 3]))).Total);
        Assert.Equal(3, server.Sessions.Count);

        await host.StopAsync();
        Assert.All(new WebSocket[] { echo, ticks, rpc }, client => Assert.Equal(WebSocketState.Closed, client.ReadyState));
        foreach (var session in server.Sessions)
        {
            Assert.Equal(1001, (await session.ClosedByClient.Task.WaitAsync(TestTimeouts.Default)).Code);
        }
    }

    [Fact]
    public async Task With_AutoConnect_off_the_host_does_not_connect_the_client_but_still_closes_it()
    {
        await using var server = await TestServer.StartAsync();
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddWebSocketClient<EchoClient>(server.Url("/echo"), options => options.AutoConnect = false);
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<EchoClient>();

        await client.ConnectAsync().WaitAsync(TestTimeouts.Default);   // would throw had the host connected it
        Assert.Equal(1, server.Handshakes);
        await host.StopAsync();
        Assert.Equal(WebSocketState.Closed, client.ReadyState);
        Assert.Equal(1001, client.CloseCode);
        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(logs, record => record.Id.Name == "ClientNotAutoConnected" && record.Category == "TypedWebSockets.Hosting");
    }

    [Fact]
    public async Task A_close_the_server_never_answers_is_aborted_at_the_shutdown_timeout_and_the_client_is_closed()
    {
        await using var server = await TestServer.StartAsync();
        var builder = TestHosts.CreateBuilder();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(300));
        builder.Services.AddWebSocketClient<EchoClient>(server.Url("/silent"), options => options.CloseTimeout = TimeSpan.FromMinutes(10));
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<EchoClient>();
        await host.StartAsync();
        await client.WaitOpenAsync().WaitAsync(TestTimeouts.Default);

        // Without the abort this would wait for CloseTimeout (ten minutes); the hang guard fails it long before.
        await host.StopAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(WebSocketState.Closed, client.ReadyState);
        Assert.False(client.WasClean);
        Assert.Equal(1006, client.CloseCode);
        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Single(logs, record => record.Id.Name == "ClientCloseAborted");
    }

    [Fact]
    public void Registering_the_same_client_type_twice_is_refused()
    {
        var services = new ServiceCollection();
        services.AddWebSocketClient<EchoClient>("ws://127.0.0.1:1/");
        var twice = Assert.Throws<InvalidOperationException>(() => services.AddWebSocketClient<EchoClient>("ws://127.0.0.1:2/"));
        Assert.Contains(typeof(EchoClient).FullName!, twice.Message, StringComparison.Ordinal);
        Assert.Contains("already registered", twice.Message, StringComparison.Ordinal);
    }

    private sealed class GoodbyeWorker(EchoClient client) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            client.Send(new Ping(1, "hello"));
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken) => await client.SendAsync(new Ping(2, "goodbye"), cancellationToken);
    }
}
