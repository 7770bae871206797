using System.Text.Json.Serialization;
using System;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// Home Assistant's WebSocket API: flat messages named by "type". After the client asks for coalesced messages
// (supported_features), the server may send several messages as one JSON array: a batch, dispatched element by element.
[WebSocketClient(Batches = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[Receives<HaAuthRequired>("auth_required")]
[Receives<HaAuthOk>("auth_ok")]
[Receives<HaAuthInvalid>("auth_invalid")]
[Receives<HaResult>("result")]
[Receives<HaEventMessage>("event")]
[Sends<HaAuth>("auth")]
[Sends<HaSupportedFeatures>("supported_features")]
[Sends<HaSubscribeEvents>("subscribe_events")]
public sealed partial class HomeAssistantClient;

public sealed record HaAuthRequired(string HaVersion);

public sealed record HaAuth(string AccessToken);

public sealed record HaAuthOk(string HaVersion);

public sealed record HaAuthInvalid(string Message);

public sealed record HaFeatures(int CoalesceMessages);

public sealed record HaSupportedFeatures(int Id, HaFeatures Features);

public sealed record HaSubscribeEvents(int Id, string EventType);

public sealed record HaResult(int Id, bool Success, JsonElement? Result);

public sealed record HaState(string EntityId, string State, DateTimeOffset LastChanged, DateTimeOffset LastUpdated, JsonElement Attributes);

public sealed record HaStateChanged(string EntityId, HaState NewState, HaState? OldState);

public sealed record HaEvent(HaStateChanged Data, string EventType, DateTimeOffset TimeFired, string Origin);

public sealed record HaEventMessage(int Id, HaEvent Event);

public sealed class HomeAssistantTests
{
    // https://developers.home-assistant.io/docs/api/websocket#authentication-phase
    private const string AuthRequired = """
        {
          "type": "auth_required",
          "ha_version": "2021.5.3"
        }
        """;

    private const string AuthOk = """
        {
          "type": "auth_ok",
          "ha_version": "2021.5.3"
        }
        """;

    private const string AuthInvalid = """
        {
          "type": "auth_invalid",
          "message": "Invalid password"
        }
        """;

    // https://developers.home-assistant.io/docs/api/websocket#subscribe-to-events: the result, then a state_changed
    // event, here coalesced into one array as https://developers.home-assistant.io/docs/api/websocket#feature-enablement
    // allows once coalesce_messages is on.
    private const string ResultAndEvent = """
        [{
          "id": 18,
          "type": "result",
          "success": true,
          "result": null
        },
        {
           "id": 18,
           "type":"event",
           "event":{
              "data":{
                 "entity_id":"light.bed_light",
                 "new_state":{
                    "entity_id":"light.bed_light",
                    "last_changed":"2016-11-26T01:37:24.265390+00:00",
                    "state":"on",
                    "attributes":{
                       "rgb_color":[
                          254,
                          208,
                          0
                       ],
                       "color_temp":380,
                       "supported_features":147,
                       "xy_color":[
                          0.5,
                          0.413
                       ],
                       "brightness":180,
                       "white_value":200,
                       "friendly_name":"Bed Light"
                    },
                    "last_updated":"2016-11-26T01:37:24.265390+00:00",
                    "context": {
                       "id": "326ef27d19415c60c492fe330945f954",
                       "parent_id": null,
                       "user_id": "31ddb597e03147118cf8d2f8fbea5553"
                    }
                 },
                 "old_state":{
                    "entity_id":"light.bed_light",
                    "last_changed":"2016-11-26T01:37:10.466994+00:00",
                    "state":"off",
                    "attributes":{
                       "supported_features":147,
                       "friendly_name":"Bed Light"
                    },
                    "last_updated":"2016-11-26T01:37:10.466994+00:00",
                    "context": {
                       "id": "e4af5b117137425e97658041a0538441",
                       "parent_id": null,
                       "user_id": "31ddb597e03147118cf8d2f8fbea5553"
                    }
                 }
              },
              "event_type":"state_changed",
              "time_fired":"2016-11-26T01:37:24.265429+00:00",
              "origin":"LOCAL",
              "context": {
                 "id": "326ef27d19415c60c492fe330945f954",
                 "parent_id": null,
                 "user_id": "31ddb597e03147118cf8d2f8fbea5553"
              }
           }
        }]
        """;

    [Fact]
    public async Task The_auth_flow_and_a_coalesced_result_and_event_go_to_their_typed_handlers_in_order()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new HomeAssistantClient(url)
        {
            OnHaAuthRequired = inbox.Add<HaAuthRequired>(),
            OnHaAuthOk = inbox.Add<HaAuthOk>(),
            OnHaAuthInvalid = inbox.Add<HaAuthInvalid>(),
            OnHaResult = inbox.Add<HaResult>(),
            OnHaEventMessage = inbox.Add<HaEventMessage>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        await peer.SendAsync(AuthRequired);
        Assert.Equal("2021.5.3", (await inbox.NextAsync<HaAuthRequired>()).HaVersion);
        await client.SendAsync(new HaAuth("ABCDEFGHIJKLMNOPQ"));
        Assert.Equal("""{"type":"auth","access_token":"ABCDEFGHIJKLMNOPQ"}""", await peer.ReceiveAsync());
        await peer.SendAsync(AuthInvalid);
        Assert.Equal("Invalid password", (await inbox.NextAsync<HaAuthInvalid>()).Message);
        await peer.SendAsync(AuthOk);
        Assert.Equal("2021.5.3", (await inbox.NextAsync<HaAuthOk>()).HaVersion);

        await client.SendAsync(new HaSupportedFeatures(1, new HaFeatures(1)));
        Assert.Equal("""{"type":"supported_features","id":1,"features":{"coalesce_messages":1}}""", await peer.ReceiveAsync());
        await client.SendAsync(new HaSubscribeEvents(18, "state_changed"));
        Assert.Equal("""{"type":"subscribe_events","id":18,"event_type":"state_changed"}""", await peer.ReceiveAsync());

        await peer.SendAsync(ResultAndEvent);
        var result = await inbox.NextAsync<HaResult>();
        Assert.Equal((18, true, (JsonElement?)null), (result.Id, result.Success, result.Result));
        var changed = await inbox.NextAsync<HaEventMessage>();
        Assert.Equal(18, changed.Id);
        Assert.Equal(("state_changed", "LOCAL", "light.bed_light"), (changed.Event.EventType, changed.Event.Origin, changed.Event.Data.EntityId));
        Assert.Equal(("on", "off"), (changed.Event.Data.NewState.State, changed.Event.Data.OldState!.State));
        Assert.Equal(180, changed.Event.Data.NewState.Attributes.GetProperty("brightness").GetInt32());

        // A single (not coalesced) message still works, and a kind the client does not declare is unhandled.
        var pong = """{"id":19,"type":"pong"}""";
        await peer.SendAsync("[" + pong + "," + AuthOk + "]");
        Assert.Equal(pong, (await inbox.NextAsync<Unhandled>()).Text);
        Assert.Equal("2021.5.3", (await inbox.NextAsync<HaAuthOk>()).HaVersion);
        inbox.AssertNoErrors();
    }
}
