using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets.Reliability.Tests.Infrastructure;

/// <summary>
/// A raw TCP "WebSocket server" on 127.0.0.1 that writes the handshake and every frame by hand, so that it can break
/// the protocol in ways a real server library never would. Each accepted connection runs <c>scenario</c>.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<HostileConnection, Task> _scenario;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Task> _connections = new();
    private readonly ConcurrentQueue<HostileConnection> _accepted = new();
    private readonly Task _acceptLoop;

    private HostileServer(Func<HostileConnection, Task> scenario)
    {
        _scenario = scenario;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public string Url => $"ws://127.0.0.1:{Port}/hostile";

    public IReadOnlyList<HostileConnection> Connections => _accepted.ToArray();

    public static HostileServer Start(Func<HostileConnection, Task> scenario) => new(scenario);

    /// <summary>Waits for every connection's scenario to end and rethrows the first failure of one (a broken test server).</summary>
    public async Task WaitScenariosAsync(TimeSpan timeout)
    {
        await Task.WhenAll(_connections).WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends AcceptTcpClientAsync with one of these: that is how the loop is stopped.
        }

        // Scenario failures were already surfaced by WaitScenariosAsync when the test cared; here they are only observed.
        await Task.WhenAll(_connections.Select(c => c.ContinueWith(static t => t.Exception, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _connections.Enqueue(RunAsync(client));
        }
    }

    private async Task RunAsync(TcpClient client)
    {
        using var connection = new HostileConnection(client, _stop.Token);
        _accepted.Enqueue(connection);
        await Task.Yield();
        await _scenario(connection);
    }
}

/// <summary>One accepted TCP connection of <see cref="HostileServer"/>, with hand-written WebSocket framing.</summary>
internal sealed class HostileConnection : IDisposable
{
    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    public HostileConnection(TcpClient client, CancellationToken stopping)
    {
        _client = client;
        _client.NoDelay = true;
        _stream = client.GetStream();
        Stopping = stopping;
    }

    public CancellationToken Stopping { get; }

    /// <summary>Bytes of WebSocket frames (headers included) written to the client so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The code of the close frame the client sent, once <see cref="ReadUntilCloseAsync"/> saw it.</summary>
    public int? ReceivedCloseCode { get; private set; }

    public string RequestLine { get; private set; } = "";

    public Dictionary<string, string> RequestHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static string ComputeAccept(string key)
        => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + HandshakeGuid)));

    /// <summary>Reads the HTTP upgrade request (at most 16 KiB) into <see cref="RequestHeaders"/>.</summary>
    public async Task ReadHandshakeAsync()
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (buffer.Count > 16 * 1024)
            {
                throw new InvalidDataException("The client's handshake request is over 16 KiB.");
            }

            if (await _stream.ReadAsync(one, Stopping) == 0)
            {
                throw new EndOfStreamException($"The client closed the connection during the handshake after {buffer.Count} bytes.");
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        RequestLine = lines[0];
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            RequestHeaders[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }

    /// <summary>Answers the handshake with 101 and a correct (or the given) Sec-WebSocket-Accept.</summary>
    public Task AcceptHandshakeAsync(string? acceptOverride = null, string extraHeaders = "", bool upgradeHeader = true)
    {
        var accept = acceptOverride ?? ComputeAccept(RequestHeaders["Sec-WebSocket-Key"]);
        return WriteRawAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\n{(upgradeHeader ? "Upgrade: websocket\r\n" : "")}Connection: Upgrade\r\n" +
            $"Sec-WebSocket-Accept: {accept}\r\n{extraHeaders}\r\n"));
    }

    public Task RespondStatusAsync(int status, string text)
        => WriteRawAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));

    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes, Stopping);
        BytesWritten += bytes.Length;
    }

    /// <summary>Writes one frame. Servers must not mask; <paramref name="mask"/> breaks that rule on purpose.</summary>
    public async Task WriteFrameAsync(int opcode, ReadOnlyMemory<byte> payload, bool fin = true, int rsv = 0, bool mask = false, long? declaredLength = null)
    {
        var length = declaredLength ?? payload.Length;
        var header = new byte[14];
        header[0] = (byte)((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xF));
        int headerLength;
        if (length is >= 0 and < 126)
        {
            header[1] = (byte)length;
            headerLength = 2;
        }
        else if (length is >= 0 and <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)length);
            headerLength = 4;
        }
        else
        {
            header[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(2), (ulong)length);
            headerLength = 10;
        }

        if (mask)
        {
            header[1] |= 0x80;
            byte[] key = [0x12, 0x34, 0x56, 0x78];
            key.CopyTo(header, headerLength);
            headerLength += 4;
            var masked = payload.ToArray();
            for (var i = 0; i < masked.Length; i++)
            {
                masked[i] ^= key[i % 4];
            }

            payload = masked;
        }

        await WriteRawAsync(header.AsMemory(0, headerLength));
        await WriteRawAsync(payload);
    }

    public Task WriteTextAsync(string text) => WriteFrameAsync(0x1, Encoding.UTF8.GetBytes(text));

    public Task WriteCloseAsync(int code, string reason = "")
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return WriteFrameAsync(0x8, payload);
    }

    /// <summary>Reads one (masked) client frame; <see langword="null"/> when the client closed the TCP connection.</summary>
    public async Task<ClientFrame?> ReadFrameAsync()
    {
        var header = new byte[2];
        if (!await ReadExactlyOrEndAsync(header))
        {
            return null;
        }

        var fin = (header[0] & 0x80) != 0;
        var opcode = header[0] & 0x0F;
        var masked = (header[1] & 0x80) != 0;
        long length = header[1] & 0x7F;
        if (length == 126)
        {
            var extended = new byte[2];
            await _stream.ReadExactlyAsync(extended, Stopping);
            length = BinaryPrimitives.ReadUInt16BigEndian(extended);
        }
        else if (length == 127)
        {
            var extended = new byte[8];
            await _stream.ReadExactlyAsync(extended, Stopping);
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        if (!masked)
        {
            throw new InvalidDataException("The client sent an unmasked frame; clients must mask (RFC 6455 5.1).");
        }

        if (length > 16 * 1024 * 1024)
        {
            throw new InvalidDataException($"The client sent a frame of {length} bytes; the hostile server reads at most 16 MiB.");
        }

        var key = new byte[4];
        await _stream.ReadExactlyAsync(key, Stopping);
        var payload = new byte[length];
        await _stream.ReadExactlyAsync(payload, Stopping);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= key[i % 4];
        }

        return new ClientFrame(opcode, fin, payload);
    }

    /// <summary>Reads frames until the client's close frame (returned) or the end of the connection (<see langword="null"/>).</summary>
    public async Task<ClientFrame?> ReadUntilCloseAsync()
    {
        while (await ReadFrameAsync() is { } frame)
        {
            if (frame.Opcode == 0x8)
            {
                ReceivedCloseCode = frame.CloseCode;
                return frame;
            }
        }

        return null;
    }

    /// <summary>Reads and discards until the client ends the TCP connection (FIN or RST).</summary>
    public async Task DrainUntilEndAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (await _stream.ReadAsync(buffer, Stopping) > 0)
            {
            }
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // The client aborted (RST): that is one way for it to end the connection.
        }
    }

    /// <summary>Ends the connection with a TCP reset rather than a FIN (linger on, zero timeout).</summary>
    public void Reset()
    {
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Client.Close();
    }

    /// <summary>Ends the connection with a TCP FIN and no close frame.</summary>
    public void Shutdown() => _client.Client.Shutdown(SocketShutdown.Both);

    public void Dispose() => _client.Dispose();

    private static bool EndsWithBlankLine(List<byte> buffer)
        => buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer)
    {
        try
        {
            var read = await _stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, Stopping);
            return read == buffer.Length;
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return false;
        }
    }
}

internal sealed record ClientFrame(int Opcode, bool Fin, byte[] Payload)
{
    public int? CloseCode => Opcode == 0x8 && Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : null;
}
