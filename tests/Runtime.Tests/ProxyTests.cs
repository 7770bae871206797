using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.TestServer;
using TypedWebSockets.Tests.Support;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>
/// What Configure sets keeps working through the socket's own handler (the path that gives a connection its write
/// buffer): a proxy (a small HTTP CONNECT proxy on loopback) together with wss:// and a certificate callback.
/// </summary>
public sealed class ProxyTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    [Fact]
    public async Task A_wss_connection_through_a_CONNECT_proxy_with_a_certificate_callback_carries_coalesced_messages_both_ways()
    {
        var server = fixture.Secure;
        await using var proxy = ConnectProxy.Start();
        var validated = 0;
        var (socket, log) = Sockets.Connect(server.Url(TestEndpoints.Echo), new WebSocketOptions
        {
            Configure = options =>
            {
                options.Proxy = new WebProxy(proxy.Address);
                var trust = TestCertificates.TrustOnly(server.Certificate!);
                options.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    Interlocked.Increment(ref validated);
                    return trust(sender, certificate, chain, errors);
                };
            },
        });
        using var _ = socket;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        for (var i = 0; i < 500; i++)
        {
            socket.Send(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var echoes = await log.WaitForMessagesAsync(500);
        Assert.Equal("499", echoes[499].Text);
        Assert.Equal($"127.0.0.1:{server.Port}", Assert.Single(proxy.Tunnels));
        Assert.True(validated > 0, "The certificate callback set in Configure was not called.");
        await socket.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Empty(log.Errors);
    }

    // Accepts on 127.0.0.1, reads one CONNECT request, connects to its target (loopback only), answers 200 and pipes
    // bytes both ways until either side closes. Records the targets it tunnelled to.
    private sealed class ConnectProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<string> _tunnels = new();
        private Task _accepting = Task.CompletedTask;

        public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public string[] Tunnels => _tunnels.ToArray();

        public static ConnectProxy Start()
        {
            var proxy = new ConnectProxy();
            proxy._listener.Start();
            proxy._accepting = proxy.AcceptAsync();
            return proxy;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting.WaitAsync(TestTimeouts.Default);
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = TunnelAsync(client);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        private async Task TunnelAsync(TcpClient client)
        {
            using var _ = client;
            var downstream = client.GetStream();
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 8192)
            {
                if (await downstream.ReadAsync(one, _stop.Token) == 0)
                {
                    return;
                }

                head.Append((char)one[0]);
            }

            var requestLine = head.ToString().Split("\r\n")[0].Split(' ');
            var target = requestLine.Length == 3 && requestLine[0] == "CONNECT" ? requestLine[1] : null;
            if (target is null || !target.StartsWith("127.0.0.1:", StringComparison.Ordinal))
            {
                await downstream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), _stop.Token);
                return;
            }

            _tunnels.Enqueue(target);
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, int.Parse(target[10..], System.Globalization.CultureInfo.InvariantCulture), _stop.Token);
            await downstream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), _stop.Token);
            var up = upstream.GetStream();
            try
            {
                await Task.WhenAny(downstream.CopyToAsync(up, _stop.Token), up.CopyToAsync(downstream, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // One side went away: the tunnel ends.
            }
        }
    }
}
