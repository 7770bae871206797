using System;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// Twitch EventSub over WebSocket: the kind is metadata.message_type, the body is payload; a notification is named by
// metadata.subscription_type and its event is payload.event. A revocation carries a subscription_type too, so it is
// declared before the notification contracts (the first declared match wins).
[WebSocketClient(Discriminator = "/metadata/message_type", Envelope = "payload", PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[Receives<TwitchWelcome>("session_welcome")]
[Receives<TwitchKeepalive>("session_keepalive")]
[Receives<TwitchReconnect>("session_reconnect")]
[Receives<TwitchRevocation>("revocation")]
[Receives<TwitchChannelFollow>("channel.follow", DiscriminatorProperty = "/metadata/subscription_type", Envelope = "/payload/event")]
public sealed partial class TwitchEventSubClient;

public sealed record TwitchSession(string Id, string Status, DateTimeOffset ConnectedAt, int? KeepaliveTimeoutSeconds, string? ReconnectUrl);

public sealed record TwitchWelcome(TwitchSession Session);

public sealed record TwitchKeepalive;

public sealed record TwitchReconnect(TwitchSession Session);

public sealed record TwitchCondition(string BroadcasterUserId);

public sealed record TwitchTransport(string Method, string SessionId);

public sealed record TwitchSubscription(string Id, string Status, string Type, string Version, int Cost, TwitchCondition Condition, TwitchTransport Transport, DateTimeOffset CreatedAt);

public sealed record TwitchRevocation(TwitchSubscription Subscription);

public sealed record TwitchChannelFollow(string UserId, string UserLogin, string UserName, string BroadcasterUserId, string BroadcasterUserLogin, string BroadcasterUserName, DateTimeOffset FollowedAt);

public sealed class TwitchEventSubTests
{
    // Twitch's timestamps have nanoseconds; DateTimeOffset keeps 100 ns, as System.Text.Json reads them.
    private static DateTimeOffset Time(string text) => System.Text.Json.JsonSerializer.Deserialize<DateTimeOffset>("\"" + text + "\"");

    // https://dev.twitch.tv/docs/eventsub/handling-websocket-events/#welcome-message
    private const string Welcome = """
        {
          "metadata": {
            "message_id": "96a3f3b5-5dec-4eed-908e-e11ee657416c",
            "message_type": "session_welcome",
            "message_timestamp": "2023-07-19T14:56:51.634234626Z"
          },
          "payload": {
            "session": {
              "id": "AQoQILE98gtqShGmLD7AM6yJThAB",
              "status": "connected",
              "connected_at": "2023-07-19T14:56:51.616329898Z",
              "keepalive_timeout_seconds": 10,
              "reconnect_url": null
            }
          }
        }
        """;

    // https://dev.twitch.tv/docs/eventsub/handling-websocket-events/#keepalive-message
    private const string Keepalive = """
        {
            "metadata": {
                "message_id": "84c1e79a-2a4b-4c13-ba0b-4312293e9308",
                "message_type": "session_keepalive",
                "message_timestamp": "2023-07-19T10:11:12.634234626Z"
            },
            "payload": {}
        }
        """;

    // https://dev.twitch.tv/docs/eventsub/handling-websocket-events/#notification-message
    private const string Notification = """
        {
            "metadata": {
                "message_id": "befa7b53-d79d-478f-86b9-120f112b044e",
                "message_type": "notification",
                "message_timestamp": "2022-11-16T10:11:12.464757833Z",
                "subscription_type": "channel.follow",
                "subscription_version": "1"
            },
            "payload": {
                "subscription": {
                    "id": "f1c2a387-161a-49f9-a165-0f21d7a4e1c4",
                    "status": "enabled",
                    "type": "channel.follow",
                    "version": "1",
                    "cost": 1,
                    "condition": {
                        "broadcaster_user_id": "12826"
                    },
                    "transport": {
                        "method": "websocket",
                        "session_id": "AQoQexAWVYKSTIu4ec_2VAxyuhAB"
                    },
                    "created_at": "2022-11-16T10:11:12.464757833Z"
                },
                "event": {
                    "user_id": "1337",
                    "user_login": "awesome_user",
                    "user_name": "Awesome_User",
                    "broadcaster_user_id": "12826",
                    "broadcaster_user_login": "twitch",
                    "broadcaster_user_name": "Twitch",
                    "followed_at": "2023-07-15T18:16:11.17106713Z"
                }
            }
        }
        """;

    // https://dev.twitch.tv/docs/eventsub/handling-websocket-events/#reconnect-message
    private const string Reconnect = """
        {
            "metadata": {
                "message_id": "84c1e79a-2a4b-4c13-ba0b-4312293e9308",
                "message_type": "session_reconnect",
                "message_timestamp": "2022-11-18T09:10:11.634234626Z"
            },
            "payload": {
                "session": {
                   "id": "AQoQexAWVYKSTIu4ec_2VAxyuhAB",
                   "status": "reconnecting",
                   "keepalive_timeout_seconds": null,
                   "reconnect_url": "wss://eventsub.wss.twitch.tv?...",
                   "connected_at": "2022-11-16T10:11:12.634234626Z"
                }
            }
        }
        """;

    // https://dev.twitch.tv/docs/eventsub/handling-websocket-events/#revocation-message
    private const string Revocation = """
        {
            "metadata": {
                "message_id": "84c1e79a-2a4b-4c13-ba0b-4312293e9308",
                "message_type": "revocation",
                "message_timestamp": "2022-11-16T10:11:12.464757833Z",
                "subscription_type": "channel.follow",
                "subscription_version": "1"
            },
            "payload": {
                "subscription": {
                    "id": "f1c2a387-161a-49f9-a165-0f21d7a4e1c4",
                    "status": "authorization_revoked",
                    "type": "channel.follow",
                    "version": "1",
                    "cost": 1,
                    "condition": {
                        "broadcaster_user_id": "12826"
                    },
                    "transport": {
                        "method": "websocket",
                        "session_id": "AQoQexAWVYKSTIu4ec_2VAxyuhAB"
                    },
                    "created_at": "2022-11-16T10:11:12.464757833Z"
                }
            }
        }
        """;

    [Fact]
    public async Task Welcome_keepalive_notification_reconnect_and_revocation_go_to_their_typed_handlers()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new TwitchEventSubClient(url)
        {
            OnTwitchWelcome = inbox.Add<TwitchWelcome>(),
            OnTwitchKeepalive = inbox.Add<TwitchKeepalive>(),
            OnTwitchReconnect = inbox.Add<TwitchReconnect>(),
            OnTwitchRevocation = inbox.Add<TwitchRevocation>(),
            OnTwitchChannelFollow = inbox.Add<TwitchChannelFollow>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        await peer.SendAsync(Welcome);
        var welcome = await inbox.NextAsync<TwitchWelcome>();
        Assert.Equal(new TwitchSession("AQoQILE98gtqShGmLD7AM6yJThAB", "connected", Time("2023-07-19T14:56:51.616329898Z"), 10, null), welcome.Session);

        await peer.SendAsync(Keepalive);
        await inbox.NextAsync<TwitchKeepalive>();

        await peer.SendAsync(Notification);
        var follow = await inbox.NextAsync<TwitchChannelFollow>();
        Assert.Equal(new TwitchChannelFollow("1337", "awesome_user", "Awesome_User", "12826", "twitch", "Twitch", Time("2023-07-15T18:16:11.17106713Z")), follow);

        await peer.SendAsync(Reconnect);
        var reconnect = await inbox.NextAsync<TwitchReconnect>();
        Assert.Equal(("reconnecting", null, "wss://eventsub.wss.twitch.tv?..."), (reconnect.Session.Status, reconnect.Session.KeepaliveTimeoutSeconds, reconnect.Session.ReconnectUrl));

        // Its subscription_type is channel.follow too: the earlier-declared revocation contract takes it.
        await peer.SendAsync(Revocation);
        var revocation = await inbox.NextAsync<TwitchRevocation>();
        Assert.Equal(("authorization_revoked", "channel.follow", "12826", "AQoQexAWVYKSTIu4ec_2VAxyuhAB"), (revocation.Subscription.Status, revocation.Subscription.Type, revocation.Subscription.Condition.BroadcasterUserId, revocation.Subscription.Transport.SessionId));

        // A notification of a subscription type the client does not declare: not typed, not an error.
        var other = Notification.Replace("\"subscription_type\": \"channel.follow\"", "\"subscription_type\": \"channel.update\"", StringComparison.Ordinal);
        await peer.SendAsync(other);
        Assert.Equal(other, (await inbox.NextAsync<Unhandled>()).Text);
        inbox.AssertNoErrors();
    }
}
