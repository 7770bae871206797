using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// obs-websocket v5: {"op":<number>,"d":{...}}. Events (op 5) are named by d.eventType and carry d.eventData; a
// specific event is declared before the catch-all op 5 contract, which gets every other event.
[WebSocketClient(Discriminator = "op", Envelope = "d")]
[Receives<ObsHello>(0)]
[Receives<ObsIdentified>(2)]
[Receives<StudioModeStateChanged>("StudioModeStateChanged", DiscriminatorProperty = "/d/eventType", Envelope = "/d/eventData")]
[Receives<ObsEvent>(5)]
[Sends<ObsIdentify>(1)]
[Sends<ObsRequest>(6)]
public sealed partial class ObsWebSocketClient;

public sealed record ObsAuthentication(string Challenge, string Salt);

public sealed record ObsHello(string ObsWebSocketVersion, int RpcVersion, ObsAuthentication? Authentication);

public sealed record ObsIdentify(int RpcVersion, string? Authentication, int EventSubscriptions);

public sealed record ObsIdentified(int NegotiatedRpcVersion);

public sealed record StudioModeStateChanged(bool StudioModeEnabled);

public sealed record ObsEvent(string EventType, int EventIntent);

public sealed record ObsSceneName(string SceneName);

public sealed record ObsRequest(string RequestType, string RequestId, ObsSceneName RequestData);

public sealed class ObsWebSocketTests
{
    // The examples of https://github.com/obsproject/obs-websocket/blob/master/docs/generated/protocol.md
    // (Message Types: Hello (OpCode 0), Identify (OpCode 1), Identified (OpCode 2), Event (OpCode 5), Request (OpCode 6)).
    private const string Hello = """
        {
          "op": 0,
          "d": {
            "obsWebSocketVersion": "5.1.0",
            "rpcVersion": 1,
            "authentication": {
              "challenge": "+IxH4CnCiqpX1rM9scsNynZzbOe4KhDeYcTNS3PDaeY=",
              "salt": "lM1GncleQOaCu9lT1yeUZhFYnqhsLLP1G5lAGo3ixaI="
            }
          }
        }
        """;

    private const string Identified = """
        {
          "op": 2,
          "d": {
            "negotiatedRpcVersion": 1
          }
        }
        """;

    private const string Event = """
        {
          "op": 5,
          "d": {
            "eventType": "StudioModeStateChanged",
            "eventIntent": 1,
            "eventData": {
              "studioModeEnabled": true
            }
          }
        }
        """;

    // https://github.com/obsproject/obs-websocket/blob/master/docs/generated/protocol.md#exitstarted: an event with no
    // data, which no specific contract declares.
    private const string ExitStarted = """{"op":5,"d":{"eventType":"ExitStarted","eventIntent":1}}""";

    [Fact]
    public async Task Hello_identify_identified_and_events_by_eventType_go_to_their_typed_handlers()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new ObsWebSocketClient(url)
        {
            OnObsHello = inbox.Add<ObsHello>(),
            OnObsIdentified = inbox.Add<ObsIdentified>(),
            OnStudioModeStateChanged = inbox.Add<StudioModeStateChanged>(),
            OnObsEvent = inbox.Add<ObsEvent>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        await peer.SendAsync(Hello);
        var hello = await inbox.NextAsync<ObsHello>();
        Assert.Equal(("5.1.0", 1), (hello.ObsWebSocketVersion, hello.RpcVersion));
        Assert.Equal(new ObsAuthentication("+IxH4CnCiqpX1rM9scsNynZzbOe4KhDeYcTNS3PDaeY=", "lM1GncleQOaCu9lT1yeUZhFYnqhsLLP1G5lAGo3ixaI="), hello.Authentication);

        // The docs' Identify. System.Text.Json's default encoder writes '+' as \u002B: the same string to any JSON reader.
        await client.SendAsync(new ObsIdentify(1, "Dj6cLS+jrNA0HpCArRg0Z/Fc+YHdt2FQfAvgD1mip6Y=", 33));
        Assert.Equal("""{"op":1,"d":{"rpcVersion":1,"authentication":"Dj6cLS\u002BjrNA0HpCArRg0Z/Fc\u002BYHdt2FQfAvgD1mip6Y=","eventSubscriptions":33}}""", await peer.ReceiveAsync());

        await peer.SendAsync(Identified);
        Assert.Equal(1, (await inbox.NextAsync<ObsIdentified>()).NegotiatedRpcVersion);

        await peer.SendAsync(Event);
        Assert.True((await inbox.NextAsync<StudioModeStateChanged>()).StudioModeEnabled);

        await peer.SendAsync(ExitStarted);
        Assert.Equal(new ObsEvent("ExitStarted", 1), await inbox.NextAsync<ObsEvent>());

        await client.SendAsync(new ObsRequest("SetCurrentProgramScene", "f819dcf0-89cc-11eb-8f0e-382c4ac93b9c", new ObsSceneName("Scene 12")));
        Assert.Equal("""{"op":6,"d":{"requestType":"SetCurrentProgramScene","requestId":"f819dcf0-89cc-11eb-8f0e-382c4ac93b9c","requestData":{"sceneName":"Scene 12"}}}""", await peer.ReceiveAsync());
        inbox.AssertNoErrors();
    }
}
