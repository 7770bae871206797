using System;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;
using ClientSocket = TypedWebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests;

public sealed class SecurityTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Wss_refuses_a_self_signed_certificate_unless_Configure_trusts_it()
    {
        using var certificate = CreateSelfSignedCertificate();
        await using var server = await KestrelServer.StartEchoAsync(certificate);

        var refused = new ClientSocket(server.Url(), new WebSocketOptions { ConnectTimeout = Timeout });
        var events = ClientEvents.Attach(refused, messages: false);
        await events.WaitClosedAsync(Timeout);
        var error = Assert.Single(events.AssertSingleCloseAfterErrors());
        Assert.DoesNotContain(events.Snapshot, e => e.Kind == ClientEventKind.Open);
        Assert.IsType<WebSocketException>(error);
        Assert.True(Chain(error).Any(e => e is AuthenticationException), $"The refusal should come from certificate validation: {error}");
        await Assert.ThrowsAsync<WebSocketException>(() => refused.WaitOpenAsync());
        Assert.Equal(1006, refused.CloseCode);
        refused.Dispose();

        // The same server, trusted by pinning its certificate through the escape hatch: the refusal above was the certificate.
        var pinned = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var options = new WebSocketOptions
        {
            ConnectTimeout = Timeout,
            Configure = c => c.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), pinned, StringComparison.Ordinal),
        };
        var inbox = new MessageInbox();
        await using var trusted = new ClientSocket(server.Url(), options) { OnMessage = inbox.Add };
        var trustedEvents = ClientEvents.Attach(trusted, messages: false);
        trusted.Send("over tls");
        Assert.Equal("over tls", await inbox.NextTextAsync());
        await trusted.CloseAsync().WaitAsync(Timeout);
        Assert.Empty(trustedEvents.AssertSingleCloseAfterErrors());
        Assert.True(trusted.WasClean);
        SuiteFigures.CasesTried(2);
    }

    [Theory]
    [InlineData("X-Injected", "a\r\nInjected: 1")]
    [InlineData("X-Injected", "a\nInjected: 1")]
    [InlineData("X-Injected", "a\rb")]
    [InlineData("X-Bad\r\nInjected", "1")]
    [InlineData("X-Bad:Name", "1")]
    [InlineData("X Bad", "1")]
    [InlineData("", "1")]
    public async Task A_header_with_CR_LF_or_an_invalid_name_is_rejected_before_connecting(string name, string value)
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.ReadHandshakeAsync();
            await c.AcceptHandshakeAsync();
            await c.ReadUntilCloseAsync();
            await c.WriteCloseAsync(1000);
        });
        var options = new WebSocketOptions();
        options.Headers[name] = value;
        var error = Assert.Throws<ArgumentException>(() => new ClientSocket(server.Url, options));
        Assert.Equal("Headers", error.ParamName);

        var subprotocol = new WebSocketOptions();
        subprotocol.SubProtocols.Add("chat\r\nInjected: 1");
        Assert.Throws<ArgumentException>(() => new ClientSocket(server.Url, subprotocol));

        // A good client to the same listener is its first and only connection: the rejected ones never connected.
        await using var good = new ClientSocket(server.Url);
        await good.WaitOpenAsync().WaitAsync(Timeout);
        await good.CloseAsync().WaitAsync(Timeout);
        await server.WaitScenariosAsync(Timeout);
        var connection = Assert.Single(server.Connections);
        Assert.DoesNotContain("Injected", connection.RequestHeaders.Keys);
        SuiteFigures.CasesTried(2);
    }

    [Fact]
    public async Task A_CR_LF_header_set_through_Configure_fails_the_connect_and_never_reaches_the_wire()
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.ReadHandshakeAsync();
            await c.AcceptHandshakeAsync();
            await c.DrainUntilEndAsync();
        });
        var options = new WebSocketOptions { Configure = c => c.SetRequestHeader("X-Injected", "a\r\nInjected: 1") };
        var client = new ClientSocket(server.Url, options);
        var events = ClientEvents.Attach(client, messages: false);
        await events.WaitClosedAsync(Timeout);
        var error = Assert.Single(events.AssertSingleCloseAfterErrors());
        Assert.IsType<WebSocketException>(error);
        Assert.True(Chain(error).Any(e => e is ArgumentException or FormatException), $"The header should be refused as invalid: {error}");
        Assert.All(server.Connections, c => Assert.DoesNotContain("Injected", c.RequestHeaders.Keys));
        client.Dispose();
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/")]
    [InlineData("https://127.0.0.1:{0}/")]
    [InlineData("ftp://127.0.0.1:{0}/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ws://127.0.0.1:{0}/#fragment")]
    [InlineData("/relative/path")]
    [InlineData("127.0.0.1:{0}")]
    [InlineData("")]
    [InlineData("ws://")]
    public async Task An_invalid_URL_is_rejected_before_connecting(string template)
    {
        await using var server = HostileServer.Start(c => c.DrainUntilEndAsync());
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, server.Port);
        Assert.ThrowsAny<ArgumentException>(() => new ClientSocket(url));
        Assert.ThrowsAny<ArgumentException>(() => new TypedClient(url));
        Assert.Throws<ArgumentNullException>(() => new ClientSocket((string)null!));
        Assert.Throws<ArgumentNullException>(() => new ClientSocket((Uri)null!));

        Assert.Empty(server.Connections);
        SuiteFigures.CasesTried(1);
    }

    [Fact]
    public async Task CR_LF_in_the_URL_path_cannot_inject_a_header()
    {
        var seen = new TaskCompletionSource<HostileConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = HostileServer.Start(async c =>
        {
            await c.ReadHandshakeAsync();
            seen.TrySetResult(c);
            await c.AcceptHandshakeAsync();
            await c.ReadUntilCloseAsync();
            await c.WriteCloseAsync(1000);
        });
        // The URL parser percent-encodes CR and LF, so they reach the server as part of the path, never as a line break.
        await using var client = new ClientSocket($"ws://127.0.0.1:{server.Port}/path\r\nInjected: 1");
        var connection = await seen.Task.WaitAsync(Timeout);
        Assert.Equal("GET /path%0D%0AInjected:%201 HTTP/1.1", connection.RequestLine);
        Assert.DoesNotContain("Injected", connection.RequestHeaders.Keys);
        SuiteFigures.CasesTried(1);
    }

    [Fact]
    public async Task The_wire_cannot_choose_which_dotnet_type_is_instantiated()
    {
        const string dog = "TypedWebSockets.Reliability.Tests.Dog, Reliability.Tests";
        string[] messages =
        [
            $$"""{"type":"animal","$type":"{{dog}}","name":"rex","seq":1,"barks":true}""",
            $$"""{"$type":"{{dog}}","type":"animal","name":"rex","seq":2,"barks":true}""",
            """{"$type":"dog","type":"animal","name":"rex","seq":3}""",
            """{"type":"bag","seq":4,"payload":{"$type":"System.Diagnostics.Process, System.Diagnostics.Process","StartInfo":{"FileName":"/bin/sh"}}}""",
            $$$"""{"type":"bag","seq":5,"$type":"{{{dog}}}","payload":{"$type":"{{{dog}}}","barks":true}}""",
            """{"type":"System.IO.FileInfo, System.IO.FileSystem","fileName":"/etc/passwd"}""",
            """{"type":"bag","seq":6,"payload":"end"}""",
        ];
        await using var server = await KestrelServer.StartAsync(async (context, socket) =>
        {
            foreach (var message in messages)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            }

            await KestrelServer.AnswerCloseAsync(socket, context.RequestAborted);
        });

        var dogsBefore = Dog.Constructed;
        var animals = new System.Collections.Generic.List<Animal>();
        var bags = new System.Collections.Generic.List<Bag>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new TypedClient(server.Url())
        {
            OnAnimal = animals.Add,
            OnBag = b =>
            {
                bags.Add(b);
                if (b.Seq == 6)
                {
                    done.TrySetResult();
                }
            },
        };
        var events = ClientEvents.Attach(client, messages: false);
        await done.Task.WaitAsync(Timeout);
        await client.CloseAsync().WaitAsync(Timeout);

        Assert.Empty(events.AssertSingleCloseAfterErrors());
        Assert.Equal([1, 2, 3], animals.Select(a => a.Seq));
        Assert.All(animals, a => Assert.Equal(typeof(Animal), a.GetType()));
        Assert.Equal(dogsBefore, Dog.Constructed);
        Assert.Equal([4, 5, 6], bags.Select(b => b.Seq));
        Assert.All(bags, b => Assert.IsType<JsonElement>(b.Payload));
        Assert.Equal(JsonValueKind.Object, ((JsonElement)bags[0].Payload!).ValueKind);
        SuiteFigures.CasesTried(messages.Length);
    }

    private static System.Collections.Generic.IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
