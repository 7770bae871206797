using System.Text.Json.Serialization;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// Slack Socket Mode: messages are flat, named by "type"; an events_api envelope is read whole (the envelope_id is
// needed for the acknowledgement), and the acknowledgement is {"envelope_id":".."} with no kind at all.
[WebSocketClient(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[Receives<SlackHello>("hello")]
[Receives<SlackEventsApiEnvelope>("events_api")]
[Receives<SlackDisconnect>("disconnect")]
[Sends<SlackAcknowledgement>(DiscriminatorProperty = "")]
public sealed partial class SlackSocketModeClient;

public sealed record SlackConnectionInfo(string AppId);

public sealed record SlackDebugInfo(string Host, int? BuildNumber, long? ApproximateConnectionTime);

public sealed record SlackHello(int NumConnections, SlackDebugInfo DebugInfo, SlackConnectionInfo ConnectionInfo);

public sealed record SlackEvent(string Type, string User, string Text, string Ts, string Channel, string EventTs);

public sealed record SlackEventCallback(string Token, string TeamId, string ApiAppId, SlackEvent Event, string Type, string EventId, long EventTime);

public sealed record SlackEventsApiEnvelope(string EnvelopeId, SlackEventCallback Payload, bool AcceptsResponsePayload, int RetryAttempt, string RetryReason);

public sealed record SlackDisconnect(string Reason, SlackDebugInfo DebugInfo);

public sealed record SlackAcknowledgement(string EnvelopeId);

public sealed class SlackSocketModeTests
{
    // https://api.slack.com/apis/socket-mode#connect (the hello message)
    private const string Hello = """
        {
          "type": "hello",
          "connection_info": {
            "app_id": "A01K58AR4RF"
          },
          "num_connections": 1,
          "debug_info": {
            "host": "applink-7fc4fdbb64-4x5xq",
            "build_number": 10,
            "approximate_connection_time": 18060
          }
        }
        """;

    // https://api.slack.com/apis/socket-mode#events (an events_api envelope) whose payload is the Events API example of
    // https://api.slack.com/events/app_mention.
    private const string EventsApi = """
        {
          "payload": {
            "token": "XXYYZZ",
            "team_id": "TXXXXXXXX",
            "api_app_id": "AXXXXXXXXX",
            "event": {
              "type": "app_mention",
              "user": "U061F7AUR",
              "text": "<@U0LAN0Z89> is it everything a river should be?",
              "ts": "1515449522.000016",
              "channel": "C123ABC456",
              "event_ts": "1515449522000016"
            },
            "type": "event_callback",
            "event_id": "Ev08MFMKH6",
            "event_time": 1234567890
          },
          "envelope_id": "dbdd0ef3-1543-4f94-bfb4-133d0c44fdf8",
          "type": "events_api",
          "accepts_response_payload": false,
          "retry_attempt": 0,
          "retry_reason": ""
        }
        """;

    // https://api.slack.com/apis/socket-mode#disconnect
    private const string Disconnect = """
        {
          "type": "disconnect",
          "reason": "link_disabled",
          "debug_info": {
            "host": "wss-111.slack.com"
          }
        }
        """;

    [Fact]
    public async Task Hello_events_api_and_disconnect_are_typed_and_the_acknowledgement_has_no_kind()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new SlackSocketModeClient(url)
        {
            OnSlackHello = inbox.Add<SlackHello>(),
            OnSlackEventsApiEnvelope = inbox.Add<SlackEventsApiEnvelope>(),
            OnSlackDisconnect = inbox.Add<SlackDisconnect>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        await peer.SendAsync(Hello);
        Assert.Equal(new SlackHello(1, new SlackDebugInfo("applink-7fc4fdbb64-4x5xq", 10, 18060), new SlackConnectionInfo("A01K58AR4RF")), await inbox.NextAsync<SlackHello>());

        await peer.SendAsync(EventsApi);
        var envelope = await inbox.NextAsync<SlackEventsApiEnvelope>();
        Assert.Equal(("dbdd0ef3-1543-4f94-bfb4-133d0c44fdf8", false, 0, ""), (envelope.EnvelopeId, envelope.AcceptsResponsePayload, envelope.RetryAttempt, envelope.RetryReason));
        Assert.Equal(new SlackEvent("app_mention", "U061F7AUR", "<@U0LAN0Z89> is it everything a river should be?", "1515449522.000016", "C123ABC456", "1515449522000016"), envelope.Payload.Event);
        Assert.Equal(("event_callback", "Ev08MFMKH6", 1234567890L), (envelope.Payload.Type, envelope.Payload.EventId, envelope.Payload.EventTime));

        // https://api.slack.com/apis/socket-mode#acknowledge
        await client.SendAsync(new SlackAcknowledgement(envelope.EnvelopeId));
        Assert.Equal("""{"envelope_id":"dbdd0ef3-1543-4f94-bfb4-133d0c44fdf8"}""", await peer.ReceiveAsync());

        await peer.SendAsync(Disconnect);
        Assert.Equal(new SlackDisconnect("link_disabled", new SlackDebugInfo("wss-111.slack.com", null, null)), await inbox.NextAsync<SlackDisconnect>());
        inbox.AssertNoErrors();
    }
}
