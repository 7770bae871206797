using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

// Opening one connection: the URL of the attempt, the handshake through our own SocketsHttpHandler (so that the
// connection gets its write buffer above TLS, and IdleTimeout its byte counter below it), or through a transport.
public partial class WebSocket
{
    // The URL of this attempt: WebSocketOptions.UrlProvider's, or the one given to the constructor.
    private async ValueTask<Uri> ResolveUrlAsync(CancellationToken connectToken)
    {
        if (_options.UrlProvider is not { } provider)
        {
            return _uri;
        }

        Uri? uri;
        try
        {
            uri = await provider(connectToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !connectToken.IsCancellationRequested)
        {
            throw WebSocketErrors.Tag(new WebSocketException(WebSocketError.Faulted, $"WebSocketOptions.UrlProvider failed to give a URL for the connection to {_displayUrl}: {ex.Message}", ex), WebSocketErrorKind.ConnectFailed);
        }

        try
        {
            return ValidateUri(uri!);
        }
        catch (ArgumentException ex)
        {
            throw WebSocketErrors.Tag(new WebSocketException(WebSocketError.Faulted, $"WebSocketOptions.UrlProvider gave an unusable URL for the connection to {_displayUrl}: {ex.Message}", ex), WebSocketErrorKind.ConnectFailed);
        }
    }

    private async Task<ClientWebSocket> ConnectSocketAsync(ClientWebSocket socket, Uri uri, Connection connection, CancellationToken connectToken)
    {
        var options = socket.Options;
        options.CollectHttpResponseDetails = true;
        foreach (var protocol in _options.SubProtocols)
        {
            options.AddSubProtocol(protocol);
        }

        foreach (var (name, value) in _options.Headers)
        {
            options.SetRequestHeader(name, value);
        }

        if (_options.KeepAliveInterval is { } keepAlive)
        {
            options.KeepAliveInterval = keepAlive;
        }

        if (_options.KeepAliveTimeout is { } keepAliveTimeout)
        {
            options.KeepAliveTimeout = keepAliveTimeout;
        }

        _options.Configure?.Invoke(options);
        connection.Invoker = CreateInvoker(options, connection);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connectToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(uri, connection.Invoker, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!connectToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Connecting to {_displayUrl} did not complete within {_options.ConnectTimeout} (WebSocketOptions.ConnectTimeout).");
        }
    }

    private async Task<System.Net.WebSockets.WebSocket> ConnectTransportAsync(WebSocketTransport transport, Uri uri, Connection connection, CancellationToken connectToken)
    {
        var request = new WebSocketConnectRequest(
            uri,
            new List<string>(_options.SubProtocols),
            new Dictionary<string, string>(_options.Headers, StringComparer.OrdinalIgnoreCase),
            this,
            stream => connection.Stream = new ConnectionStream(stream));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connectToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            return await transport.ConnectAsync(request, timeout.Token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{transport.GetType().FullName}.ConnectAsync returned null for {_displayUrl}; a transport must return an open socket or throw.");
        }
        catch (OperationCanceledException) when (!connectToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Connecting to {_displayUrl} did not complete within {_options.ConnectTimeout} (WebSocketOptions.ConnectTimeout).");
        }
    }

    // What a failed connect is reported as; null when the user disposed the socket (nothing went wrong).
    private Exception? ConnectFailure(Exception ex, HttpStatusCode? status)
    {
        if (IsDisposedAbort)
        {
            _opened.TrySetException(new ObjectDisposedException(GetType().FullName, $"The WebSocket to {_displayUrl} was disposed before it opened."));
            return null;
        }

        var failure = ex switch
        {
            OperationCanceledException => WebSocketErrors.Tag(new WebSocketException(WebSocketError.InvalidState, $"The WebSocket to {_displayUrl} was closed before the connection was established."), WebSocketErrorKind.ClosedBeforeOpen),
            TimeoutException => WebSocketErrors.Tag(ex, WebSocketErrorKind.ConnectTimeout),
            WebSocketException when WebSocketErrors.GetKind(ex) != WebSocketErrorKind.Other => ex,
            WebSocketException wse => WebSocketErrors.Tag(new WebSocketException(wse.WebSocketErrorCode, $"Could not connect to {_displayUrl}: {wse.Message}", wse), status is null ? WebSocketErrorKind.ConnectFailed : WebSocketErrorKind.HandshakeRejected, status),
            _ => WebSocketErrors.Tag(new WebSocketException(WebSocketError.Faulted, $"Could not connect to {_displayUrl}: {ex.Message}", ex), WebSocketErrorKind.ConnectFailed),
        };

        // With a reconnect policy the open task waits for a later attempt; FinishAsync fails it when the socket gives up.
        if (_options.Reconnect is null)
        {
            _opened.TrySetException(failure);
        }

        return failure;
    }

    // The handler the socket connects through. ClientWebSocket refuses some of its own options together with a handler
    // of ours; their handler equivalents are set instead, so everything Configure sets keeps working.
    private HttpMessageInvoker CreateInvoker(ClientWebSocketOptions options, Connection connection)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            UseCookies = options.Cookies is not null,
            CookieContainer = options.Cookies ?? new CookieContainer(),
            Credentials = options.UseDefaultCredentials ? CredentialCache.DefaultCredentials : options.Credentials,

            // Above TLS and any proxy tunnel: a buffer here makes frames written back to back leave in one TLS record and
            // one socket write. An HTTP/2 WebSocket shares its connection, so it gets none.
            PlaintextStreamFilter = (context, _) =>
            {
                if (context.NegotiatedHttpVersion != HttpVersion.Version11)
                {
                    return ValueTask.FromResult(context.PlaintextStream);
                }

                var stream = new ConnectionStream(context.PlaintextStream);
                connection.Stream = stream;
                return ValueTask.FromResult<System.IO.Stream>(stream);
            },
        };

        if (_options.IdleTimeout is not null)
        {
            // Received bytes are counted below TLS, so that protocol pings and pongs count as signs of life.
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new TrafficCountingStream(new NetworkStream(socket, ownsSocket: true), this, connection);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

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
}
