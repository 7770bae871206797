using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// Discord's gateway: every message is {"op":..,"d":..,"s":..,"t":..}; op is a number, and dispatches (op 0) are
// named by t, which the other messages send as null. READY and MESSAGE_CREATE are read flat to capture s beside d.
[WebSocketClient(Discriminator = "op", Envelope = "d", PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[Receives<DiscordHello>(10)]
[Receives<DiscordHeartbeatAck>(11, Envelope = "")]
[Receives<DiscordReady>("READY", DiscriminatorProperty = "t", Envelope = "")]
[Receives<DiscordMessageCreate>("MESSAGE_CREATE", DiscriminatorProperty = "t", Envelope = "")]
[Sends<DiscordIdentify>(2)]
[Sends<long>(1)]
public sealed partial class DiscordGatewayClient;

public sealed record DiscordHello(int HeartbeatInterval);

public sealed record DiscordHeartbeatAck;

public sealed record DiscordUser(string Id, string Username, string? Discriminator);

public sealed record DiscordReadyData(int V, DiscordUser User, string SessionId, string ResumeGatewayUrl);

public sealed record DiscordReady(long S, DiscordReadyData D);

public sealed record DiscordMessage(string Id, string ChannelId, DiscordUser Author, string Content, string? GuildId);

public sealed record DiscordMessageCreate(long S, DiscordMessage D);

public sealed record DiscordIdentifyProperties(string Os, string Browser, string Device);

public sealed record DiscordActivity(string Name, int Type);

public sealed record DiscordPresence(DiscordActivity[] Activities, string Status, long? Since, bool Afk);

public sealed record DiscordIdentify(string Token, DiscordIdentifyProperties Properties, bool Compress, int LargeThreshold, int[] Shard, DiscordPresence Presence, int Intents);

public sealed class DiscordGatewayTests
{
    // https://discord.com/developers/docs/events/gateway-events#hello (Example Hello), as the gateway sends it: s and t null.
    private const string Hello = """{"t":null,"s":null,"op":10,"d":{"heartbeat_interval":45000}}""";

    // https://discord.com/developers/docs/events/gateway#heartbeat-interval-example-heartbeat-ack (Example Heartbeat ACK)
    private const string HeartbeatAck = """{"op":11}""";

    // https://discord.com/developers/docs/events/gateway-events#ready: the Ready event fields (v, user, guilds,
    // session_id, resume_gateway_url, shard, application) in the payload structure of
    // https://discord.com/developers/docs/events/gateway-events#payload-structure; the user is the docs' Example User
    // (https://discord.com/developers/docs/resources/user#user-object-example-user).
    private const string Ready = """
        {"t":"READY","s":1,"op":0,"d":{"v":10,"user":{"id":"80351110224678912","username":"Nelly","discriminator":"1337","avatar":"8342729096ea3675442027381ff50dfe","verified":true,"flags":64,"public_flags":64},"guilds":[{"id":"41771983423143937","unavailable":true}],"session_id":"evenmorerandomstring","resume_gateway_url":"wss://gateway-us-east1-b.discord.gg","shard":[0,1],"application":{"id":"1234","flags":0}}}
        """;

    // https://discord.com/developers/docs/events/gateway-events#message-create: a message object (the docs' Example
    // Message, https://discord.com/developers/docs/resources/message#message-object-example-message) with guild_id.
    private const string MessageCreate = """
        {"t":"MESSAGE_CREATE","s":2,"op":0,"d":{"reactions":[],"attachments":[],"tts":false,"embeds":[],"timestamp":"2017-07-11T17:27:07.299000+00:00","mention_everyone":false,"id":"334385199974967042","pinned":false,"edited_timestamp":null,"author":{"username":"Mason","discriminator":"9999","id":"53908099506183680","avatar":"a_bab14f271d565501444b2ca3be944b25"},"mention_roles":[],"content":"Supa Hot","channel_id":"290926798999357250","mentions":[],"type":0,"guild_id":"41771983423143937"}}
        """;

    // https://discord.com/developers/docs/events/gateway-events#identify (Example Identify), without its comment line.
    private const string Identify = """
        {"op":2,"d":{"token":"my_token","properties":{"os":"linux","browser":"disco","device":"disco"},"compress":true,"large_threshold":250,"shard":[0,1],"presence":{"activities":[{"name":"Cards Against Humanity","type":0}],"status":"dnd","since":91879201,"afk":false},"intents":7}}
        """;

    [Fact]
    public async Task Hello_identify_heartbeat_ack_ready_and_message_create_go_to_their_typed_handlers()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new DiscordGatewayClient(url)
        {
            OnDiscordHello = inbox.Add<DiscordHello>(),
            OnDiscordHeartbeatAck = inbox.Add<DiscordHeartbeatAck>(),
            OnDiscordReady = inbox.Add<DiscordReady>(),
            OnDiscordMessageCreate = inbox.Add<DiscordMessageCreate>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        await peer.SendAsync(Hello);
        Assert.Equal(45000, (await inbox.NextAsync<DiscordHello>()).HeartbeatInterval);

        await client.SendAsync(new DiscordIdentify(
            "my_token",
            new DiscordIdentifyProperties("linux", "disco", "disco"),
            Compress: true,
            LargeThreshold: 250,
            Shard: [0, 1],
            new DiscordPresence([new DiscordActivity("Cards Against Humanity", 0)], "dnd", 91879201, Afk: false),
            Intents: 7));
        Assert.Equal(Identify.Trim(), await peer.ReceiveAsync());

        // The heartbeat's d is the last sequence number: a JSON number, not an object.
        await client.SendAsync(251L);
        Assert.Equal("""{"op":1,"d":251}""", await peer.ReceiveAsync());
        await peer.SendAsync(HeartbeatAck);
        await inbox.NextAsync<DiscordHeartbeatAck>();

        await peer.SendAsync(Ready.Trim());
        var ready = await inbox.NextAsync<DiscordReady>();
        Assert.Equal(1, ready.S);
        Assert.Equal(new DiscordUser("80351110224678912", "Nelly", "1337"), ready.D.User);
        Assert.Equal(("evenmorerandomstring", "wss://gateway-us-east1-b.discord.gg", 10), (ready.D.SessionId, ready.D.ResumeGatewayUrl, ready.D.V));

        await peer.SendAsync(MessageCreate.Trim());
        var created = await inbox.NextAsync<DiscordMessageCreate>();
        Assert.Equal(2, created.S);
        Assert.Equal(new DiscordMessage("334385199974967042", "290926798999357250", new DiscordUser("53908099506183680", "Mason", "9999"), "Supa Hot", "41771983423143937"), created.D);

        // An op the client does not declare (7, Reconnect), with t null: not a typed message, not an error.
        await peer.SendAsync("""{"t":null,"s":null,"op":7,"d":null}""");
        Assert.Equal("""{"t":null,"s":null,"op":7,"d":null}""", (await inbox.NextAsync<Unhandled>()).Text);
        inbox.AssertNoErrors();
    }
}
