using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace TypedWebSockets.Benchmarks;

/// <summary>The SignalR 10 client, JSON hub protocol over WebSockets (negotiation skipped), against <see cref="EchoHub"/>.</summary>
public sealed class SignalRContender : HandlerEchoContender
{
    private HubConnection? _connection;

    public override async Task ConnectAsync(EchoServer server)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketConfiguration = server.Trust;
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default))
            .Build();
        _connection.On<EchoMessage>("echo", OnEcho);
        _connection.Closed += error =>
        {
            if (error is not null)
            {
                Received.Fail(error);
            }

            return Task.CompletedTask;
        };
        await _connection.StartAsync().ConfigureAwait(false);
    }

    protected override ValueTask SendOneAsync(EchoMessage message) => new(_connection!.SendAsync("Echo", message));

    public override async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
