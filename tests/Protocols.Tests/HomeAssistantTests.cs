using System.Text.Json.Serialization;
using System;
using System.Text.Json;
using System.Threading;
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
    private const string ResultAndEvent = "[" + HomeAssistantMessages.Result18 + ",\n" + HomeAssistantMessages.Event18 + "]";

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

/// <summary>Home Assistant's documented messages shared by the tests of both clients.</summary>
internal static class HomeAssistantMessages
{
    // https://developers.home-assistant.io/docs/api/websocket#subscribe-to-events: the acknowledgement of subscribe_events 18.
    public const string Result18 = """
        {
          "id": 18,
          "type": "result",
          "success": true,
          "result": null
        }
        """;

    // https://developers.home-assistant.io/docs/api/websocket#subscribe-to-events: a state_changed event of subscription 18.
    public const string Event18 = """
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
        }
        """;

    /// <summary>A documented message with the id the client chose instead of the document's (18 unless told).</summary>
    public static string WithId(string message, int id, int documented = 18)
        => message.Replace($"\"id\": {documented},", $"\"id\": {id},", System.StringComparison.Ordinal);
}

#region cookbook
// Home Assistant, commands: every command carries an "id" the client picks; the server answers with
// {"id":N,"type":"result","success":true,"result":...} or "success":false with "error":{"code":...,"message":...}.
// subscribe_events is acknowledged by such a result (null), then each event comes as {"id":N,"type":"event","event":{...}}.
// Without supported_features/coalesce_messages, so that results and events arrive one per frame (replies inside a
// batch are not matched to their calls: TWS0041).
[WebSocketClient(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, ResponseEnvelope = "result")]
[Receives<HaAuthRequired>("auth_required")]
[Receives<HaAuthOk>("auth_ok")]
[Sends<HaAuth>("auth")]
[Requests<HaCallService, HaServiceResult>("call_service")]
[Subscribes<HaEventSubscription, HaEvent>("subscribe_events", ItemDiscriminator = "event", ItemEnvelope = "event")]
public sealed partial class HomeAssistantCommandClient;

public sealed record HaCallService(
    string Domain,
    string Service,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? ServiceData = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HaTarget? Target = null);

public sealed record HaTarget(string EntityId);

public sealed record HaContext(string Id, string? ParentId, string? UserId);

public sealed record HaServiceResult(HaContext Context, JsonElement? Response);

public sealed record HaEventSubscription(string EventType);
#endregion

public sealed class HomeAssistantCommandTests
{
    // https://developers.home-assistant.io/docs/api/websocket#calling-a-service-action
    private const string ServiceCalled = """
        {
          "id": 24,
          "type": "result",
          "success": true,
          "result": {
            "context": {
              "id": "326ef27d19415c60c492fe330945f954",
              "parent_id": null,
              "user_id": "31ddb597e03147118cf8d2f8fbea5553"
            },
            "response": null
          }
        }
        """;

    // https://developers.home-assistant.io/docs/api/websocket#error-handling-during-service-action-calls-and-translations
    private const string ServiceFailed = """
        {
           "id": 24,
           "type":"result",
           "success": false,
           "error": {
              "code": "service_validation_error",
              "message": "Option 'custom' is not a supported mode.",
              "translation_key": "unsupported_mode",
              "translation_domain": "kitchen_sink",
              "translation_placeholders": {
                "mode": "custom"
              }
           }
        }
        """;

    [Fact]
    public async Task A_service_call_is_a_request_answered_by_its_result_or_its_error()
    {
        await using var session = await AuthenticatedSession.StartAsync();
        var (client, peer, inbox) = (session.Client, session.Peer, session.Inbox);

        // https://developers.home-assistant.io/docs/api/websocket#calling-a-service-action (the request example)
        var call = client.RequestAsync(new HaCallService(
            "light",
            "turn_on",
            JsonSerializer.SerializeToElement(new { color_name = "beige", brightness = "101" }),
            new HaTarget("light.kitchen")));
        Assert.Equal(
            """{"type":"call_service","id":1,"domain":"light","service":"turn_on","service_data":{"color_name":"beige","brightness":"101"},"target":{"entity_id":"light.kitchen"}}""",
            await peer.ReceiveAsync());
        await peer.SendAsync(HomeAssistantMessages.WithId(ServiceCalled, 1, documented: 24));
        var result = await call.WaitAsync(TestTimeouts.Default);
        Assert.Equal(new HaContext("326ef27d19415c60c492fe330945f954", null, "31ddb597e03147118cf8d2f8fbea5553"), result.Context);
        Assert.Null(result.Response);

        var failing = client.RequestAsync(new HaCallService("kitchen_sink", "test_service_with_mode", JsonSerializer.SerializeToElement(new { mode = "custom" })));
        Assert.Equal(
            """{"type":"call_service","id":2,"domain":"kitchen_sink","service":"test_service_with_mode","service_data":{"mode":"custom"}}""",
            await peer.ReceiveAsync());
        await peer.SendAsync(HomeAssistantMessages.WithId(ServiceFailed, 2, documented: 24));
        var failed = await Assert.ThrowsAsync<WebSocketRequestException>(() => failing.WaitAsync(TestTimeouts.Default));
        Assert.Equal(("service_validation_error", "Option 'custom' is not a supported mode."), (failed.Code, failed.ErrorMessage));
        Assert.Equal("unsupported_mode", failed.Error.GetProperty("translation_key").GetString());
        Assert.Equal(2, failed.CorrelationId);
        inbox.AssertNoErrors();
    }

    [Fact]
    public async Task Subscribe_events_skips_the_result_acknowledgement_and_yields_each_event_of_its_id()
    {
        await using var session = await AuthenticatedSession.StartAsync();
        var (client, peer, inbox) = (session.Client, session.Peer, session.Inbox);
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);

        var events = client.SubscribeAsync(new HaEventSubscription("state_changed"), timeout.Token).GetAsyncEnumerator();
        var first = events.MoveNextAsync();
        // https://developers.home-assistant.io/docs/api/websocket#subscribe-to-events (the request example)
        Assert.Equal("""{"type":"subscribe_events","id":1,"event_type":"state_changed"}""", await peer.ReceiveAsync());

        // The acknowledgement, then the first event.
        await peer.SendAsync(HomeAssistantMessages.WithId(HomeAssistantMessages.Result18, 1));
        await peer.SendAsync(HomeAssistantMessages.WithId(HomeAssistantMessages.Event18, 1));
        Assert.True(await first);
        var changed = events.Current;
        Assert.Equal(("state_changed", "LOCAL", "light.bed_light"), (changed.EventType, changed.Origin, changed.Data.EntityId));
        Assert.Equal(("on", "off"), (changed.Data.NewState.State, changed.Data.OldState!.State));
        Assert.Equal(180, changed.Data.NewState.Attributes.GetProperty("brightness").GetInt32());

        // A message of another id is not this subscription's; the next event of id 1 is its next item.
        await peer.SendAsync("""{"id":19,"type":"pong"}""");
        await peer.SendAsync(HomeAssistantMessages.WithId(HomeAssistantMessages.Event18, 1));
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("light.bed_light", events.Current.Data.EntityId);
        Assert.Equal("""{"id":19,"type":"pong"}""", (await inbox.NextAsync<Unhandled>()).Text);

        // Stopping sends nothing (Home Assistant unsubscribes with a command of its own, unsubscribe_events): the next
        // frame the server receives is the next command, and a late event of id 1 reaches only raw listeners (not
        // OnUnhandledMessage: the next unhandled message is the pong sent after it).
        await events.DisposeAsync();
        var call = client.RequestAsync(new HaCallService("light", "turn_off"));
        Assert.Equal("""{"type":"call_service","id":2,"domain":"light","service":"turn_off"}""", await peer.ReceiveAsync());
        var late = HomeAssistantMessages.WithId(HomeAssistantMessages.Event18, 1);
        var raw = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.AddEventListener(WebSocketEvent.Message, message => raw.TrySetResult(message.Text!));
        await peer.SendAsync(late);
        Assert.Equal(late, await raw.Task.WaitAsync(TestTimeouts.Default));
        await peer.SendAsync("""{"id":20,"type":"pong"}""");
        Assert.Equal("""{"id":20,"type":"pong"}""", (await inbox.NextAsync<Unhandled>()).Text);
        await peer.SendAsync(HomeAssistantMessages.WithId(ServiceCalled, 2, documented: 24));
        Assert.Equal("326ef27d19415c60c492fe330945f954", (await call.WaitAsync(TestTimeouts.Default)).Context.Id);
        inbox.AssertNoErrors();
    }

    /// <summary>A <see cref="HomeAssistantCommandClient"/> on a replayed server, past the documented auth phase.</summary>
    private sealed class AuthenticatedSession : IAsyncDisposable
    {
        private ReplayServer _server = null!;

        public HomeAssistantCommandClient Client { get; private set; } = null!;

        public ReplayConnection Peer { get; private set; } = null!;

        public Inbox Inbox { get; } = new();

        public static async Task<AuthenticatedSession> StartAsync()
        {
            var session = new AuthenticatedSession { _server = await ReplayServer.StartAsync() };
            var (url, accepted) = session._server.Accept();
            var authRequired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var authOk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Client = new HomeAssistantCommandClient(url)
            {
                OnHaAuthRequired = _ => authRequired.TrySetResult(),
                OnHaAuthOk = _ => authOk.TrySetResult(),
                OnUnhandledMessage = session.Inbox.AddUnhandled,
                OnError = session.Inbox.AddError,
            };
            session.Peer = await accepted;

            // https://developers.home-assistant.io/docs/api/websocket#authentication-phase
            await session.Peer.SendAsync("""{"type":"auth_required","ha_version":"2021.5.3"}""");
            await authRequired.Task.WaitAsync(TestTimeouts.Default);
            await session.Client.SendAsync(new HaAuth("ABCDEFGHIJKLMNOPQ"));
            Assert.Equal("""{"type":"auth","access_token":"ABCDEFGHIJKLMNOPQ"}""", await session.Peer.ReceiveAsync());
            await session.Peer.SendAsync("""{"type":"auth_ok","ha_version":"2021.5.3"}""");
            await authOk.Task.WaitAsync(TestTimeouts.Default);
            return session;
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await _server.DisposeAsync();
        }
    }
}
