using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedWebSockets.Generator.Diagnostics;
using TypedWebSockets.Generator.Model;
using TypedWebSockets.Generator.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Generator.Tests;

/// <summary>
/// Invalid clients get no source at all (the analyzers report why), for the reason the parser names, while a valid
/// client beside them is still generated; borderline valid clients are generated and compile cleanly.
/// </summary>
public sealed class ClientValidationTests
{
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using TypedWebSockets;

        namespace Cases;

        public sealed record A(string X);
        public sealed record B(string Y);
        public sealed record Open;
        internal sealed record Hidden(string Z);
        public abstract record Shape;

        public static class Other
        {
            public sealed record A(string X);
            public sealed record Events(int Count);
        }

        """;

    private const string Neighbour = """
        using TypedWebSockets;

        namespace Neighbours;

        [WebSocketClient]
        [Sends<Ping>]
        [Receives<Ping>]
        public partial class NeighbourClient;

        public sealed record Ping(int Sequence);
        """;

    private static readonly Dictionary<string, (ClientSkipReason Reason, string Source)> s_invalidCases = new()
    {
        ["not partial"] = (ClientSkipReason.NotPartial, "[WebSocketClient] public class Bad;"),
        ["containing type not partial"] = (ClientSkipReason.ContainingTypeNotPartial, "public class Outer { [WebSocketClient] public partial class Bad; }"),
        ["containing type not partial in another declaration"] = (ClientSkipReason.ContainingTypeNotPartial, "public partial class Outer { [WebSocketClient] [Sends<A>] public partial class Bad; } public class Outer { }"),
        ["static"] = (ClientSkipReason.Static, "[WebSocketClient] public static partial class Bad;"),
        ["generic"] = (ClientSkipReason.Generic, "[WebSocketClient] public partial class Bad<T>;"),
        ["generic containing type"] = (ClientSkipReason.GenericContainingType, "public partial class Outer<T> { [WebSocketClient] public partial class Bad; }"),
        // A contract can only mention a type parameter when a containing type is generic, which is rejected first.
        ["open generic contract"] = (ClientSkipReason.GenericContainingType, "public partial class Outer<T> { [WebSocketClient] [Sends<List<T>>] public partial class Bad; }"),
        ["record"] = (ClientSkipReason.Record, "[WebSocketClient] public partial record Bad;"),
        ["abstract"] = (ClientSkipReason.Abstract, "[WebSocketClient] public abstract partial class Bad;"),
        ["other base class"] = (ClientSkipReason.InvalidBaseClass, "[WebSocketClient] public partial class Bad : Exception;"),
        ["unknown base class"] = (ClientSkipReason.InvalidBaseClass, "[WebSocketClient] [Sends<A>] public partial class Bad : UnknownBase;"),
        ["file-local"] = (ClientSkipReason.FileLocal, "[WebSocketClient] file partial class Bad;"),
        ["nested in a file-local type"] = (ClientSkipReason.FileLocal, "file partial class Outer { [WebSocketClient] [Sends<A>] public partial class Bad; }"),
        ["struct"] = (ClientSkipReason.NotAClass, "[WebSocketClient] public partial struct Bad;"),
        ["record struct"] = (ClientSkipReason.NotAClass, "[WebSocketClient] [Sends<A>] public partial record struct Bad;"),
        ["interface"] = (ClientSkipReason.NotAClass, "[WebSocketClient] [Sends<A>] public partial interface Bad;"),
        ["attribute twice"] = (ClientSkipReason.InvalidAttribute, "[WebSocketClient] [WebSocketClient] public partial class Bad;"),
        ["unknown json context type"] = (ClientSkipReason.InvalidAttribute, "[WebSocketClient(JsonContext = typeof(Unknown))] [Sends<A>] public partial class Bad;"),
        ["unknown contract type"] = (ClientSkipReason.InvalidAttribute, "[WebSocketClient] [Sends<Unknown>] public partial class Bad;"),
        ["wrong discriminator argument type"] = (ClientSkipReason.InvalidAttribute, "[WebSocketClient] [Receives<A>(true)] public partial class Bad;"),
        ["unbound generic contract"] = (ClientSkipReason.InvalidAttribute, "public sealed record Page<T>(T[] Items); [WebSocketClient] [Receives<Page<>>(\"page\")] public partial class Bad;"),
        ["partly unbound generic contract"] = (ClientSkipReason.InvalidAttribute, "public sealed record Page<T>(T[] Items); [WebSocketClient] [Sends<Dictionary<string, Page<>>>(\"pages\")] public partial class Bad;"),
        ["unbound generic request"] = (ClientSkipReason.InvalidAttribute, "public sealed record Page<T>(T[] Items); [WebSocketClient] [Requests<A, List<Page<>>>] public partial class Bad;"),
        ["wrong SendsProperty value type"] = (ClientSkipReason.InvalidAttribute, "[WebSocketClient] [Sends<A>] [SendsProperty(\"v\", 1.5)] public partial class Bad;"),
        ["wrong named argument type"] = (ClientSkipReason.InvalidAttribute, "[WebSocketClient(Envelope = 3)] [Sends<A>] public partial class Bad;"),

        ["empty discriminator property"] = (ClientSkipReason.InvalidDiscriminatorProperty, "[WebSocketClient(Discriminator = \"\")] public partial class Bad;"),
        ["whitespace discriminator property"] = (ClientSkipReason.InvalidDiscriminatorProperty, "[WebSocketClient(Discriminator = \" \\t\")] public partial class Bad;"),
        ["null discriminator property"] = (ClientSkipReason.InvalidDiscriminatorProperty, "[WebSocketClient(Discriminator = null!)] public partial class Bad;"),
        ["whitespace envelope property"] = (ClientSkipReason.InvalidEnvelopeProperty, "[WebSocketClient(Envelope = \"  \")] public partial class Bad;"),
        ["envelope is the default discriminator"] = (ClientSkipReason.EnvelopeSameAsDiscriminator, "[WebSocketClient(Envelope = \"type\")] public partial class Bad;"),
        ["envelope is the discriminator"] = (ClientSkipReason.EnvelopeSameAsDiscriminator, "[WebSocketClient(Discriminator = \"kind\", Envelope = \"kind\")] public partial class Bad;"),
        ["envelope is the discriminator as a pointer"] = (ClientSkipReason.EnvelopeSameAsDiscriminator, "[WebSocketClient(Discriminator = \"kind\", Envelope = \"/kind\")] public partial class Bad;"),
        ["envelope inside the discriminator"] = (ClientSkipReason.EnvelopeSameAsDiscriminator, "[WebSocketClient(Discriminator = \"/d\", Envelope = \"/d/x\")] public partial class Bad;"),
        ["ill-formed discriminator pointer"] = (ClientSkipReason.IllFormedPath, "[WebSocketClient(Discriminator = \"/meta/~2type\")] [Receives<A>] public partial class Bad;"),
        ["ill-formed envelope pointer"] = (ClientSkipReason.IllFormedPath, "[WebSocketClient(Envelope = \"/d~\")] [Receives<A>] public partial class Bad;"),
        ["ill-formed correlation id pointer"] = (ClientSkipReason.IllFormedPath, "[WebSocketClient(CorrelationId = \"/~x\")] [Requests<A, B>] public partial class Bad;"),
        ["null plain-text message"] = (ClientSkipReason.InvalidPlainTextMessage, "[WebSocketClient(PlainTextMessages = new[] { \"pong\", null! })] [Receives<A>] public partial class Bad;"),
        ["unpaired surrogate in a plain-text message"] = (ClientSkipReason.InvalidPlainTextMessage, "[WebSocketClient(PlainTextMessages = new[] { \"po\\uD800ng\" })] [Receives<A>] public partial class Bad;"),
        ["json context not a context"] = (ClientSkipReason.InvalidJsonContext, "[WebSocketClient(JsonContext = typeof(string))] [Sends<A>] public partial class Bad;"),
        ["json context open generic"] = (ClientSkipReason.InvalidJsonContext, """
            [WebSocketClient(JsonContext = typeof(GenericContext<>))] [Sends<A>] public partial class Bad;
            public sealed class GenericContext<T> : System.Text.Json.Serialization.JsonSerializerContext
            {
                public GenericContext() : base(null) { }
                public static GenericContext<T> Default { get; } = new();
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """),
        ["json context not accessible"] = (ClientSkipReason.InvalidAttribute, """
            [WebSocketClient(JsonContext = typeof(Holder.HiddenContext))] [Sends<A>] public partial class Bad;
            public static class Holder
            {
                private sealed class HiddenContext : System.Text.Json.Serialization.JsonSerializerContext
                {
                    public HiddenContext() : base(null) { }
                    public static HiddenContext Default { get; } = new();
                    protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                    public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
                }
            }
            """),

        ["object contract"] = (ClientSkipReason.UnsupportedContractType, "[WebSocketClient] [Receives<object>] public partial class Bad;"),
        ["dynamic contract"] = (ClientSkipReason.UnsupportedContractType, "[WebSocketClient] [Receives<dynamic>] public partial class Bad;"),
        ["pointer contract"] = (ClientSkipReason.UnsupportedContractType, "[WebSocketClient] [Sends<int*>] public unsafe partial class Bad;"),
        ["ref struct contract"] = (ClientSkipReason.UnsupportedContractType, "[WebSocketClient] [Receives<Span<byte>>] public partial class Bad;"),
        ["delegate contract"] = (ClientSkipReason.UnsupportedContractType, "[WebSocketClient] [Sends<Action<int>>] public partial class Bad;"),

        ["empty discriminator"] = (ClientSkipReason.InvalidDiscriminator, "[WebSocketClient] [Sends<A>(\"\")] public partial class Bad;"),
        ["whitespace discriminator"] = (ClientSkipReason.InvalidDiscriminator, "[WebSocketClient] [Receives<A>(\" \")] public partial class Bad;"),
        ["unpaired surrogate discriminator"] = (ClientSkipReason.InvalidDiscriminator, "[WebSocketClient] [Receives<A>(\"x\\uD800\")] public partial class Bad;"),
        ["lone low surrogate in a sent discriminator"] = (ClientSkipReason.InvalidDiscriminator, "[WebSocketClient] [Sends<A>(\"\\uDC00x\")] public partial class Bad;"),
        ["whitespace DiscriminatorProperty"] = (ClientSkipReason.InvalidContractPath, "[WebSocketClient] [Receives<A>(\"a\", DiscriminatorProperty = \"  \")] public partial class Bad;"),
        ["ill-formed contract envelope"] = (ClientSkipReason.InvalidContractPath, "[WebSocketClient] [Sends<A>(\"a\", Envelope = \"/x/~\")] public partial class Bad;"),
        ["received without a kind"] = (ClientSkipReason.ReceivedWithoutKind, "[WebSocketClient] [Receives<A>(\"a\", DiscriminatorProperty = \"\")] public partial class Bad;"),
        ["pattern with two stars"] = (ClientSkipReason.InvalidKindPattern, "[WebSocketClient] [Receives<A>(\"*.trade.*\")] public partial class Bad;"),
        ["pattern with a star inside"] = (ClientSkipReason.InvalidKindPattern, "[WebSocketClient] [Receives<A>(\"book.*.50\")] public partial class Bad;"),
        ["contract envelope is its discriminator"] = (ClientSkipReason.ContractEnvelopeOverlapsDiscriminator, "[WebSocketClient] [Receives<A>(\"a\", DiscriminatorProperty = \"t\", Envelope = \"t\")] public partial class Bad;"),
        ["contract envelope inside its discriminator"] = (ClientSkipReason.ContractEnvelopeOverlapsDiscriminator, "[WebSocketClient] [Sends<A>(\"a\", Envelope = \"/type/x\")] public partial class Bad;"),
        ["name with a space"] = (ClientSkipReason.InvalidMemberName, "[WebSocketClient] [Receives<A>(Name = \"Not Valid\")] public partial class Bad;"),
        ["empty name"] = (ClientSkipReason.InvalidMemberName, "[WebSocketClient] [Receives<A>(Name = \"\")] public partial class Bad;"),
        ["keyword name"] = (ClientSkipReason.InvalidMemberName, "[WebSocketClient] [Receives<A>(Name = \"class\")] public partial class Bad;"),
        ["name starting with a digit"] = (ClientSkipReason.InvalidMemberName, "[WebSocketClient] [Sends<A>(Name = \"1st\")] public partial class Bad;"),

        ["internal contract on public client"] = (ClientSkipReason.ContractLessAccessible, "[WebSocketClient] [Sends<Hidden>] public partial class Bad;"),
        ["internal type argument on public client"] = (ClientSkipReason.ContractLessAccessible, "[WebSocketClient] [Receives<List<Hidden>>] public partial class Bad;"),
        ["private contract nested in the client"] = (ClientSkipReason.ContractLessAccessible, "[WebSocketClient] [Sends<Bad.Secret>] public partial class Bad { private sealed record Secret; }"),
        ["protected internal contract on public client"] = (ClientSkipReason.ContractLessAccessible, "[WebSocketClient] [Receives<Bad.Family>] public partial class Bad { protected internal sealed record Family; }"),
        // Internal and protected rank alike, but neither domain contains the other.
        ["internal contract on a protected nested client"] = (ClientSkipReason.ContractLessAccessible, "public partial class Outer { [WebSocketClient] [Sends<Hidden>] protected partial class Bad; }"),
        // Both private, to different types: the client can be seen throughout Root, the contract only inside Holder.
        ["private contract of a narrower container than the client's"] = (ClientSkipReason.ContractLessAccessible, """
            public partial class Root
            {
                private partial class Holder
                {
                    private sealed record Secret(string S);

                    [WebSocketClient] [Sends<Secret>] public partial class Bad;
                }
            }
            """),

        ["same type sent twice"] = (ClientSkipReason.DuplicateContractType, "[WebSocketClient] [Sends<A>(\"x\")] [Sends<A>(\"y\")] public partial class Bad;"),
        ["same type received twice"] = (ClientSkipReason.DuplicateContractType, "[WebSocketClient] [Receives<A>(\"x\")] [Receives<A>(\"y\", Name = \"Again\")] public partial class Bad;"),
        ["same discriminator received twice"] = (ClientSkipReason.DuplicateDiscriminator, "[WebSocketClient] [Receives<A>(\"x\")] [Receives<B>(\"x\")] public partial class Bad;"),
        ["same default discriminator"] = (ClientSkipReason.DuplicateDiscriminator, "[WebSocketClient] [Receives<A>] [Receives<Other.A>(Name = \"OtherA\")] public partial class Bad;"),
        ["same number received twice"] = (ClientSkipReason.DuplicateDiscriminator, "[WebSocketClient(Discriminator = \"op\")] [Receives<A>(10)] [Receives<B>(10)] public partial class Bad;"),
        ["same kind at one path written two ways"] = (ClientSkipReason.DuplicateDiscriminator, "[WebSocketClient] [Receives<A>(\"x\", DiscriminatorProperty = \"t\")] [Receives<B>(\"x\", DiscriminatorProperty = \"/t\")] public partial class Bad;"),
        ["same pattern twice"] = (ClientSkipReason.DuplicateDiscriminator, "[WebSocketClient] [Receives<A>(\"book.*\")] [Receives<B>(\"book.*\")] public partial class Bad;"),

        ["same type name received"] = (ClientSkipReason.HandlerNameCollision, "[WebSocketClient] [Receives<A>(\"x\")] [Receives<Other.A>(\"y\")] public partial class Bad;"),
        ["same name override received"] = (ClientSkipReason.HandlerNameCollision, "[WebSocketClient] [Receives<A>(\"x\", Name = \"Same\")] [Receives<B>(\"y\", Name = \"Same\")] public partial class Bad;"),
        ["received stem Events"] = (ClientSkipReason.HandlerNameCollision, "[WebSocketClient] [Receives<A>(Name = \"Events\")] public partial class Bad;"),
        ["received type named Events"] = (ClientSkipReason.HandlerNameCollision, "[WebSocketClient] [Receives<Other.Events>] public partial class Bad;"),

        ["blank SendsProperty name"] = (ClientSkipReason.InvalidSentProperty, "[WebSocketClient] [Sends<A>] [SendsProperty(\" \", \"2.0\")] public partial class Bad;"),
        ["unpaired surrogate in a SendsProperty value"] = (ClientSkipReason.InvalidSentProperty, "[WebSocketClient] [Sends<A>] [SendsProperty(\"v\", \"\\uD800\")] public partial class Bad;"),
        ["SendsProperty named like the discriminator"] = (ClientSkipReason.SentPropertyCollision, "[WebSocketClient] [Sends<A>] [SendsProperty(\"type\", \"x\")] public partial class Bad;"),
        ["SendsProperty named like an envelope"] = (ClientSkipReason.SentPropertyCollision, "[WebSocketClient] [Sends<A>(Envelope = \"/params/x\")] [SendsProperty(\"params\", 1)] public partial class Bad;"),
        ["SendsProperty twice"] = (ClientSkipReason.SentPropertyCollision, "[WebSocketClient] [Sends<A>] [SendsProperty(\"v\", 1)] [SendsProperty(\"v\", 2)] public partial class Bad;"),
        ["SendsProperty named like the correlation id"] = (ClientSkipReason.SentPropertyCollision, "[WebSocketClient] [Requests<A, B>] [SendsProperty(\"id\", true)] public partial class Bad;"),

        ["user Send of the same type"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Sends<A>] public partial class Bad { public void Send(A message) { } }"),
        ["user SendAsync of the same type"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Sends<A>] public partial class Bad { public System.Threading.Tasks.Task SendAsync(A a, System.Threading.CancellationToken c) => null!; }"),
        ["user property named like the handler"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Receives<A>] public partial class Bad { public int OnA { get; set; } }"),
        ["user method named like the handler"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Receives<A>] public partial class Bad { public void OnA() { } }"),
        ["user type named Events"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Receives<A>] public partial class Bad { public static class Events { } }"),
        ["user property named Send"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Sends<A>] public partial class Bad { public int Send { get; set; } }"),
        ["user field named SendAsync"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Sends<A>] public partial class Bad { public int SendAsync; }"),
        ["user event named DispatchMessage"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Receives<A>] public partial class Bad { public event Action? DispatchMessage; }"),
        ["user method hiding DispatchMessage"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Receives<A>] public partial class Bad { protected new void DispatchMessage(ReadOnlySpan<byte> payload, bool isText) { } }"),
        ["user constructor taking the url"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] public partial class Bad { public Bad(string address) { } }"),
        ["user constructor taking url and options"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] public partial class Bad { public Bad(string url, WebSocketOptions options) { } }"),
        ["user DispatchMessage"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Receives<A>] public partial class Bad { protected void DispatchMessage(ReadOnlySpan<byte> payload, bool isText) { } }"),
        ["handler named like WebSocket.OnOpen"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Receives<Open>] public partial class Bad;"),
        ["sends string like WebSocket.Send(string)"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Sends<string>(\"text\")] public partial class Bad;"),
        ["sends Data like WebSocket.Send(Data)"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Sends<Data>] public partial class Bad;"),
        ["client named Send"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Sends<A>] public partial class Send;"),
        ["client named Events"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Receives<A>] public partial class Events;"),
        ["client named SendAsync"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Sends<A>] public partial class SendAsync;"),
        ["client named DispatchMessage"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Receives<A>] public partial class DispatchMessage;"),
        ["client named like its handler"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Receives<A>] public partial class OnA;"),

        ["CorrelationId is the discriminator property"] = (ClientSkipReason.RequestPropertyCollision, "[WebSocketClient(CorrelationId = \"type\")] [Requests<A, B>] public partial class Bad;"),
        ["ErrorProperty is the envelope"] = (ClientSkipReason.RequestPropertyCollision, "[WebSocketClient(Envelope = \"data\", ErrorProperty = \"data\")] [Requests<A, B>] public partial class Bad;"),
        ["ErrorProperty is the CorrelationId"] = (ClientSkipReason.RequestPropertyCollision, "[WebSocketClient(ErrorProperty = \"id\")] [Requests<A, B>] public partial class Bad;"),
        ["blank CorrelationId"] = (ClientSkipReason.InvalidRequestProperty, "[WebSocketClient(CorrelationId = \" \")] [Requests<A, B>] public partial class Bad;"),
        ["null ErrorProperty"] = (ClientSkipReason.InvalidRequestProperty, "[WebSocketClient(ErrorProperty = null!)] [Requests<A, B>] public partial class Bad;"),

        ["object request"] = (ClientSkipReason.UnsupportedContractType, "[WebSocketClient] [Requests<object, A>] public partial class Bad;"),
        ["ref struct response"] = (ClientSkipReason.UnsupportedContractType, "[WebSocketClient] [Requests<A, Span<byte>>] public partial class Bad;"),
        ["empty request discriminator"] = (ClientSkipReason.InvalidDiscriminator, "[WebSocketClient] [Requests<A, B>(\"\")] public partial class Bad;"),
        ["internal request on public client"] = (ClientSkipReason.ContractLessAccessible, "[WebSocketClient] [Requests<Hidden, A>] public partial class Bad;"),
        ["internal response on public client"] = (ClientSkipReason.ContractLessAccessible, "[WebSocketClient] [Requests<A, List<Hidden>>] public partial class Bad;"),
        ["same request type twice"] = (ClientSkipReason.DuplicateContractType, "[WebSocketClient] [Requests<A, B>(\"x\")] [Requests<A, Other.A>(\"y\")] public partial class Bad;"),
        ["same subscription type twice"] = (ClientSkipReason.DuplicateContractType, "[WebSocketClient] [Subscribes<A, B>(\"x\")] [Subscribes<A, Other.A>(\"y\")] public partial class Bad;"),
        ["request without a kind"] = (ClientSkipReason.RequestWithoutKind, "[WebSocketClient] [Requests<A, B>(DiscriminatorProperty = \"\")] public partial class Bad;"),
        ["subscription kind at the correlation id"] = (ClientSkipReason.CorrelatedPathOverlapsCorrelationId, "[WebSocketClient] [Subscribes<A, B>(DiscriminatorProperty = \"id\")] public partial class Bad;"),
        ["request envelope inside the correlation id"] = (ClientSkipReason.CorrelatedPathOverlapsCorrelationId, "[WebSocketClient(CorrelationId = \"d\")] [Requests<A, B>(Envelope = \"/d/x\")] public partial class Bad;"),
        ["item kind equal to the complete kind"] = (ClientSkipReason.SubscriptionKindsOverlap, "[WebSocketClient] [Subscribes<A, B>(ItemDiscriminator = \"x\", CompleteDiscriminator = \"x\")] public partial class Bad;"),
        ["blank stop kind"] = (ClientSkipReason.InvalidDiscriminator, "[WebSocketClient] [Subscribes<A, B>(StopDiscriminator = \" \")] public partial class Bad;"),
        ["ill-formed item envelope"] = (ClientSkipReason.InvalidContractPath, "[WebSocketClient] [Subscribes<A, B>(ItemEnvelope = \"/x~\")] public partial class Bad;"),
        ["request envelope inside its kind"] = (ClientSkipReason.ContractEnvelopeOverlapsDiscriminator, "[WebSocketClient] [Requests<A, B>(DiscriminatorProperty = \"/m\", Envelope = \"/m/p\")] public partial class Bad;"),
        ["user RequestAsync of the same request type"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Requests<A, B>] public partial class Bad { public System.Threading.Tasks.Task<B> RequestAsync(A a, TimeSpan? t, System.Threading.CancellationToken c) => null!; }"),
        ["user property named RequestAsync"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Requests<A, B>] public partial class Bad { public int RequestAsync { get; set; } }"),
        ["client named RequestAsync"] = (ClientSkipReason.MemberCollision, "[WebSocketClient] [Requests<A, B>] public partial class RequestAsync;"),
    };

    private static readonly Dictionary<string, string> s_acceptedCases = new()
    {
        ["internal client with internal contract"] = "[WebSocketClient] [Sends<Hidden>] [Receives<Hidden>] internal partial class Good;",
        ["internal client with internal request and response"] = "[WebSocketClient] [Requests<Hidden, Hidden>] internal partial class Good;",
        ["request type also sent, response also received"] = "[WebSocketClient] [Sends<A>] [Receives<B>] [Requests<A, B>] public partial class Good;",
        ["same request discriminator twice"] = "[WebSocketClient] [Requests<A, B>(\"x\")] [Requests<B, A>(\"x\")] public partial class Good;",
        ["same default request discriminator"] = "[WebSocketClient] [Requests<A, B>] [Requests<Other.A, B>] public partial class Good;",
        ["request discriminator of a sent contract"] = "[WebSocketClient] [Sends<B>(\"a\")] [Requests<A, B>] public partial class Good;",
        ["response discriminator of a received contract"] = "[WebSocketClient] [Receives<B>(\"b\")] [Requests<A, B>(\"a\", ResponseDiscriminator = \"b\")] public partial class Good;",
        ["discriminator property named like the correlation id, without requests"] = "[WebSocketClient(Discriminator = \"id\")] [Sends<A>] [Receives<B>] public partial class Good;",
        ["user RequestAsync overload of another type"] = "[WebSocketClient] [Requests<A, B>] public partial class Good { public System.Threading.Tasks.Task<A> RequestAsync(B b, TimeSpan? t, System.Threading.CancellationToken c) => null!; }",
        ["private client with a private contract of its container"] = """
            public partial class Outer
            {
                private sealed record Secret(string S);

                [WebSocketClient] [Sends<Secret>] [Receives<Secret>] private partial class Good;
            }
            """,
        ["private client with a protected contract of its container"] = """
            public partial class Outer
            {
                protected sealed record Family(string S);

                [WebSocketClient] [Receives<Family>] private sealed partial class Good;
            }
            """,
        ["protected client with a protected contract of its container"] = """
            public partial class Outer
            {
                protected sealed record Family(string S);

                [WebSocketClient] [Receives<Family>] protected partial class Good;
            }
            """,
        ["public client with a public nested contract"] = "[WebSocketClient] [Sends<Good.Nested>] public partial class Good { public sealed record Nested(int N); }",
        ["user overloads and constructors that do not clash"] = """
            [WebSocketClient] [Sends<A>] [Receives<B>]
            public sealed partial class Good : WebSocket
            {
                public Good(Uri uri, int retries)
                    : base(uri.ToString())
                {
                }

                public void Send(int number) => Send(new A(number.ToString(System.Globalization.CultureInfo.InvariantCulture)));

                public System.Threading.Tasks.ValueTask SendAsync(A message) => SendAsync(message, default);
            }
            """,
        ["obsolete contract"] = """
            #pragma warning disable CS0618
            [WebSocketClient] [Sends<Legacy>] [Receives<Legacy>] public partial class Good;
            #pragma warning restore CS0618

            [Obsolete("Use A.")]
            public sealed record Legacy(string Text);
            """,
        ["two sent contracts sharing a discriminator"] = "[WebSocketClient] [Sends<A>(\"x\")] [Sends<B>(\"x\")] public partial class Good;",
        ["interface, abstract and polymorphic contracts"] = """
            [WebSocketClient(Envelope = "data")]
            [Sends<IReadOnlyList<A>>("batch")]
            [Receives<IReadOnlyList<B>>("batch")]
            [Sends<Shape>("shape")]
            [Receives<Figure>("figure")]
            public partial class Good;

            [System.Text.Json.Serialization.JsonPolymorphic]
            [System.Text.Json.Serialization.JsonDerivedType(typeof(Circle), "circle")]
            public abstract record Figure;
            public sealed record Circle(double Radius) : Figure;
            """,
        ["user members named like generated private fields"] = """
            [WebSocketClient] [Sends<A>] [Receives<A>] [Receives<B>]
            public partial class Good
            {
                private static readonly int s_messageFormat = 1;
                private readonly int s_aContract = 2;
                private int _onA = 3;
                private int _onB = 4;
                private int _onB2 = 5;

                public int Sum => s_messageFormat + s_aContract + _onA + _onB + _onB2;
            }
            """,
        ["received stems named like object members"] = """
            [WebSocketClient]
            [Receives<A>("a", Name = "ToString")] [Receives<B>("b", Name = "Equals")] [Receives<Open>("o", Name = "GetType")]
            [Receives<Hidden>("h", Name = "GetHashCode")] [Receives<Other.A>("oa", Name = "ReferenceEquals")]
            internal partial class Good;
            """,
        ["json context with a hand-written Default"] = """
            [WebSocketClient(JsonContext = typeof(HandContext))] [Sends<A>] public partial class Good;
            public abstract class BaseContext : System.Text.Json.Serialization.JsonSerializerContext
            {
                protected BaseContext() : base(null) { }
            }
            public sealed class HandContext : BaseContext
            {
                public static HandContext Default { get; } = new();
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """,
        ["keyword-named contract type"] = "[WebSocketClient] [Receives<@event>] public partial class Good; public sealed record @event(string Name);",
        ["empty envelope is the flat format"] = "[WebSocketClient(Envelope = \"\")] [Sends<A>] [Receives<B>] public partial class Good;",
        ["number, pattern and per-contract paths"] = """
            [WebSocketClient(Discriminator = "op", Envelope = "d")]
            [Receives<A>(10)]
            [Receives<B>("READY", DiscriminatorProperty = "t")]
            [Receives<Open>("book.*", DiscriminatorProperty = "/meta/topic", Envelope = "", Name = "Book")]
            [Receives<Other.A>("*@trade", DiscriminatorProperty = "/meta/topic", Envelope = "/payload/0", Name = "Trade")]
            [Sends<A>(2)]
            [Sends<B>(DiscriminatorProperty = "", Envelope = "")]
            [Sends<Other.Events>("ev", DiscriminatorProperty = "/d/kind")]
            [SendsProperty("jsonrpc", "2.0")] [SendsProperty("v", 2)] [SendsProperty("live", true)] [SendsProperty("none", null)]
            public partial class Good;
            """,
        ["batches, plain text and serializer options"] = """
            [WebSocketClient(Batches = true, PlainTextMessages = new[] { "pong" }, PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict)]
            [Receives<A>("a")]
            [Sends<B>("b")]
            public partial class Good;
            """,
        ["shadowed received contract is only a warning"] = "[WebSocketClient] [Receives<A>(\"*\")] [Receives<B>(\"b\")] public partial class Good;",
        ["a number and a string of the same digits"] = "[WebSocketClient] [Receives<A>(10)] [Receives<B>(\"10\")] public partial class Good;",
        ["enum and primitive contracts in an envelope"] = """
            [WebSocketClient(Envelope = "data")] [Sends<int>("count")] [Receives<DayOfWeek>("day")] [Receives<string>("text")]
            public partial class Good;
            """,
    };

    public static TheoryData<string> InvalidCases => [.. s_invalidCases.Keys];

    public static TheoryData<string> AcceptedCases => [.. s_acceptedCases.Keys];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void An_invalid_client_gets_no_source_and_its_neighbour_still_does(string caseName)
    {
        var (reason, source) = s_invalidCases[caseName];

        var output = GeneratorRunner.Run(Prelude + source, Neighbour);

        Assert.Equal(["Neighbours.NeighbourClient.WebSocketClient.g.cs"], output.HintNames);
        Assert.Equal(reason, ParseAttributedClient(output.Compilation).SkipReason);
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public void A_borderline_valid_client_is_generated_and_compiles(string caseName)
    {
        var output = GeneratorRunner.Run(Prelude + s_acceptedCases[caseName], Neighbour);

        Assert.Equal(2, output.HintNames.Count());
        Assert.All(ParseResults(output), result => Assert.Equal(ClientSkipReason.None, result.SkipReason));
        Assert.Equal(ClientSkipReason.None, ParseAttributedClient(output.Compilation).SkipReason);
        GeneratorRunner.AssertCompilesCleanly(output.Compilation);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void An_invalid_client_is_reported_with_a_diagnostic_of_its_skip_reason(string caseName)
    {
        var (reason, source) = s_invalidCases[caseName];
        var output = GeneratorRunner.Run(Prelude + source, Neighbour);

        var expectedIds = SkipReasonDiagnostics.For(reason).Select(descriptor => descriptor.Id).ToHashSet();
        var diagnostics = AnalyzerRunner.GetDiagnostics(output.Compilation);
        var reported = diagnostics.Where(d => expectedIds.Contains(d.Id) && d.Location.SourceTree?.FilePath == "Source0.cs").ToList();
        Assert.True(
            reported.Count > 0,
            $"{reason} makes the generator skip the client, but none of {string.Join(", ", expectedIds)} is reported on it. Reported:\n"
            + string.Join("\n", diagnostics));

        // What stays unexplained is an error in user code: warnings (TWS0028) stand beside the compiler's error.
        Assert.All(reported, d => Assert.True(d.Severity == DiagnosticSeverity.Error || HasCompilerError(output.Compilation, d.Location), $"{d} is no error and the compiler reports none there."));
    }

    [Fact]
    public void Every_skip_reason_maps_to_a_diagnostic_an_analyzer_reports()
    {
        var supported = AnalyzerRunner.Analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        foreach (var reason in System.Enum.GetValues<ClientSkipReason>().Where(reason => reason != ClientSkipReason.None))
        {
            var descriptors = SkipReasonDiagnostics.For(reason);
            Assert.True(!descriptors.IsEmpty, $"ClientSkipReason.{reason} has no diagnostic in SkipReasonDiagnostics: a client skipped for it would be reported nowhere.");
            Assert.All(descriptors, descriptor => Assert.Contains(descriptor.Id, supported));
        }

        Assert.Empty(SkipReasonDiagnostics.For(ClientSkipReason.None));
    }

    [Fact]
    public void Every_skip_reason_has_an_invalid_case()
    {
        var covered = s_invalidCases.Values.Select(value => value.Reason).ToHashSet();
        var untested = System.Enum.GetValues<ClientSkipReason>()
            .Where(reason => reason is not ClientSkipReason.None and not ClientSkipReason.RuntimeTypesMissing)
            .Where(reason => !covered.Contains(reason));
        Assert.Empty(untested);
    }

    [Fact]
    public void A_compilation_without_the_runtime_gets_no_source()
    {
        var source = """
            namespace TypedWebSockets
            {
                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class WebSocketClientAttribute : System.Attribute { }
            }

            [TypedWebSockets.WebSocketClient]
            public partial class Lonely;
            """;
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "NoRuntime",
            [GeneratorRunner.ParseSource(source, "Lonely.cs")],
            GeneratorRunner.References.Where(reference => !reference.Display!.EndsWith("TypedWebSockets.dll", System.StringComparison.Ordinal)),
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));

        var output = GeneratorRunner.Run(compilation);

        Assert.Empty(output.HintNames);
        Assert.Equal(ClientSkipReason.RuntimeTypesMissing, ParseAttributedClient(output.Compilation).SkipReason);
        var diagnostic = Assert.Single(AnalyzerRunner.GetDiagnostics(output.Compilation), d => d.Id == "TWS0027");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Lonely.cs", diagnostic.Location.SourceTree?.FilePath);
    }

    private static bool HasCompilerError(Compilation compilation, Location location)
        => compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == location.SourceTree && d.Location.SourceSpan.IntersectsWith(location.SourceSpan));

    // The runner reports only the steps that lead to an output, so a skipped client's reason is read from the
    // parser itself (the same entry point the analyzers use), on the first [WebSocketClient] declaration.
    private static WebSocketClientGenerator.ClientParseOutcome ParseAttributedClient(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.First();
        var declaration = tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>()
            .First(node => node.AttributeLists.SelectMany(list => list.Attributes).Any(attribute => attribute.Name.ToString().Contains("WebSocketClient", System.StringComparison.Ordinal)));
        var symbol = (INamedTypeSymbol)compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration)!;
        return WebSocketClientGenerator.Parser.ParseClient(symbol, compilation, TestContext.Current.CancellationToken);
    }

    private static IEnumerable<ClientParseResult> ParseResults(GeneratorOutput output)
        => output.Result.TrackedSteps[TrackingNames.ParseResults]
            .SelectMany(step => step.Outputs)
            .Select(value => (ClientParseResult)value.Value);
}
