using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

// Liveness: WebSocketOptions.IdleTimeout counts every byte received, below TLS, so protocol pings and pongs keep a quiet
// connection alive while a dead one (nothing at all arrives) is aborted within the timeout.
public partial class WebSocket
{
    private long _lastReceived;
    private long _receiveReads;

    // How many reads from the TCP stream returned data, over all connections (for tests).
    internal long ReceiveReads => Interlocked.Read(ref _receiveReads);

    private IDisposable? StartIdleWatchdog(System.Net.WebSockets.WebSocket socket)
    {
        if (_options.IdleTimeout is not { } idle)
        {
            return null;
        }

        var time = _options.TimeProvider;
        Interlocked.Exchange(ref _lastReceived, time.GetTimestamp());
        var period = idle / 4;
        return time.CreateTimer(
            static state =>
            {
                var (self, socket, idle) = ((WebSocket, System.Net.WebSockets.WebSocket, TimeSpan))state!;
                if (self._options.TimeProvider.GetElapsedTime(Interlocked.Read(ref self._lastReceived)) >= idle)
                {
                    self._idleTimedOut = true;
                    socket.Abort();
                }
            },
            (this, socket, idle),
            period,
            period);
    }

    private void RecordReceived()
    {
        Interlocked.Exchange(ref _lastReceived, _options.TimeProvider.GetTimestamp());
        Interlocked.Increment(ref _receiveReads);
    }

    // ClientWebSocket does not show pongs; its own handler's TCP stream does. The settings ClientWebSocket refuses to
    // combine with a custom invoker are moved onto the handler, so Configure keeps working.
    private HttpMessageInvoker CreateTrafficCountingInvoker(ClientWebSocketOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            UseCookies = options.Cookies is not null,
            CookieContainer = options.Cookies ?? new CookieContainer(),
            Credentials = options.UseDefaultCredentials ? CredentialCache.DefaultCredentials : options.Credentials,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new TrafficCountingStream(new NetworkStream(socket, ownsSocket: true), this);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        // The default Proxy is a placeholder inside System.Net.WebSockets.Client meaning "the system proxy", which is
        // what the handler does by default too; only a proxy the user set (or null, "no proxy") is moved.
        var proxy = options.Proxy;
        var systemProxy = proxy is not null && proxy.GetType().Assembly == typeof(ClientWebSocket).Assembly;
        if (!systemProxy)
        {
            handler.Proxy = proxy;
            handler.UseProxy = proxy is not null;
            options.Proxy = null;
        }

        handler.SslOptions.RemoteCertificateValidationCallback = options.RemoteCertificateValidationCallback;
        if (options.ClientCertificates.Count > 0)
        {
            handler.SslOptions.ClientCertificates = options.ClientCertificates;
        }

        options.Cookies = null;
        options.Credentials = null;
        options.UseDefaultCredentials = false;
        options.RemoteCertificateValidationCallback = null;
        options.ClientCertificates = new System.Security.Cryptography.X509Certificates.X509CertificateCollection();
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    private sealed class TrafficCountingStream(Stream inner, WebSocket owner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanWrite => inner.CanWrite;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            => inner.WriteAsync(buffer, cancellationToken);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();

        private int Count(int read)
        {
            if (read > 0)
            {
                owner.RecordReceived();
            }

            return read;
        }
    }
}
