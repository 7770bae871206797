using System;
using System.CodeDom.Compiler;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Generator.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Generator.Tests;

/// <summary>
/// Compiles a client with the generator to an in-memory assembly, loads it, and checks by reflection that the
/// public surface is what users compile against.
/// </summary>
public sealed class EmittedAssemblyTests
{
    private const string Source = """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Sends<JoinRoom>("join")]
        [Sends<ChatMessage>("chat")]
        [Receives<ChatMessage>("chat")]
        [Receives<Page<UserJoined>>("joined")]
        public sealed partial class ChatClient;

        public sealed record JoinRoom(string Room);
        public sealed record ChatMessage(string User, string Text);
        public sealed record UserJoined(string User);
        public sealed record Page<T>(T[] Items);
        """;

    [Fact]
    public void The_generated_members_have_the_documented_signatures()
    {
        var context = new AssemblyLoadContext(nameof(EmittedAssemblyTests), isCollectible: true);
        try
        {
            var assembly = CompileAndLoad(context);
            var client = assembly.GetType("MyApp.ChatClient", throwOnError: true)!;
            var joinRoom = assembly.GetType("MyApp.JoinRoom", throwOnError: true)!;
            var chatMessage = assembly.GetType("MyApp.ChatMessage", throwOnError: true)!;
            var pageOfUserJoined = assembly.GetType("MyApp.Page`1", throwOnError: true)!.MakeGenericType(assembly.GetType("MyApp.UserJoined", throwOnError: true)!);

            Assert.Equal(typeof(WebSocket), client.BaseType);
            Assert.True(client.IsSealed);
            Assert.NotNull(client.GetConstructor([typeof(string)]));
            Assert.NotNull(client.GetConstructor([typeof(string), typeof(WebSocketOptions)]));
            Assert.NotNull(client.GetConstructor([typeof(Uri)]));
            Assert.NotNull(client.GetConstructor([typeof(Uri), typeof(WebSocketOptions)]));

            // IWebSocketClient<TSelf>.Create: what DI registration calls instead of reflection; it builds a working client.
            var factory = typeof(IWebSocketClient<>).MakeGenericType(client);
            Assert.Contains(factory, client.GetInterfaces());
            var create = client.GetInterfaceMap(factory).TargetMethods.Single();
            AssertGenerated(create);
            using (var created = (WebSocket)create.Invoke(null, [new Uri("ws://127.0.0.1:9/chat"), new WebSocketOptions { AutoConnect = false }])!)
            {
                Assert.IsType(client, created);
                Assert.Equal("ws://127.0.0.1:9/chat", created.Url);
                Assert.Equal(WebSocketState.Connecting, created.ReadyState);
            }

            foreach (var sent in new[] { joinRoom, chatMessage })
            {
                var send = client.GetMethod("Send", BindingFlags.Public | BindingFlags.Instance, [sent]);
                Assert.NotNull(send);
                Assert.Equal(typeof(void), send.ReturnType);
                AssertGenerated(send);

                var sendAsync = client.GetMethod("SendAsync", BindingFlags.Public | BindingFlags.Instance, [sent, typeof(CancellationToken)]);
                Assert.NotNull(sendAsync);
                Assert.Equal(typeof(ValueTask), sendAsync.ReturnType);
                Assert.True(sendAsync.GetParameters()[1].IsOptional);
                AssertGenerated(sendAsync);
            }

            Assert.Null(client.GetMethod("Send", [pageOfUserJoined]));

            var events = client.GetNestedType("Events", BindingFlags.Public);
            Assert.NotNull(events);
            Assert.True(events.IsAbstract && events.IsSealed, "Events is a static class.");
            AssertGenerated(events);

            foreach (var (name, contract, discriminator) in new[] { ("ChatMessage", chatMessage, "chat"), ("PageOfUserJoined", pageOfUserJoined, "joined") })
            {
                var handler = client.GetProperty("On" + name, BindingFlags.Public | BindingFlags.Instance);
                Assert.NotNull(handler);
                Assert.Equal(typeof(Action<>).MakeGenericType(contract), handler.PropertyType);
                Assert.True(handler.GetMethod!.IsPublic && handler.SetMethod!.IsPublic);
                AssertGenerated(handler);

                var key = events.GetProperty(name, BindingFlags.Public | BindingFlags.Static);
                Assert.NotNull(key);
                Assert.Equal(typeof(WebSocketEvent<>).MakeGenericType(contract), key.PropertyType);
                Assert.Equal(discriminator, key.GetValue(null)!.ToString());
                Assert.Same(key.GetValue(null), key.GetValue(null));
            }

            var dispatch = client.GetMethod("DispatchMessage", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(ReadOnlySpan<byte>), typeof(bool)]);
            Assert.NotNull(dispatch);
            Assert.Equal(client, dispatch.DeclaringType);
            Assert.True(dispatch.IsFamily, "DispatchMessage stays protected.");
            Assert.Equal(typeof(WebSocket), dispatch.GetBaseDefinition().DeclaringType);

            var publicSurface = client.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(member => member.Name)
                .Order(StringComparer.Ordinal);
            Assert.Equal(
                [".ctor", ".ctor", ".ctor", ".ctor", "Events", "OnChatMessage", "OnPageOfUserJoined", "Send", "Send", "SendAsync", "SendAsync", "get_OnChatMessage", "get_OnPageOfUserJoined", "set_OnChatMessage", "set_OnPageOfUserJoined"],
                publicSurface);
        }
        finally
        {
            context.Unload();
        }
    }

    private const string RequestingSource = """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Requests<GetUser, User>("getUser")]
        [Requests<ListUsers, Page<User>>]
        public sealed partial class UserClient;

        public sealed record GetUser(int UserId);
        public sealed record User(string Name);
        public readonly record struct ListUsers(int Page);
        public sealed record Page<T>(T[] Items);
        """;

    [Fact]
    public void RequestAsync_has_the_documented_signature()
    {
        var context = new AssemblyLoadContext(nameof(RequestAsync_has_the_documented_signature), isCollectible: true);
        try
        {
            var assembly = CompileAndLoad(context, RequestingSource);
            var client = assembly.GetType("MyApp.UserClient", throwOnError: true)!;
            var user = assembly.GetType("MyApp.User", throwOnError: true)!;
            var pairs = new[]
            {
                (assembly.GetType("MyApp.GetUser", throwOnError: true)!, user),
                (assembly.GetType("MyApp.ListUsers", throwOnError: true)!, assembly.GetType("MyApp.Page`1", throwOnError: true)!.MakeGenericType(user)),
            };

            foreach (var (request, response) in pairs)
            {
                var method = client.GetMethod("RequestAsync", BindingFlags.Public | BindingFlags.Instance, [request, typeof(TimeSpan?), typeof(CancellationToken)]);
                Assert.NotNull(method);
                Assert.Equal(typeof(Task<>).MakeGenericType(response), method.ReturnType);
                var parameters = method.GetParameters();
                Assert.Equal(["request", "timeout", "cancellationToken"], parameters.Select(p => p.Name));
                Assert.False(parameters[0].IsOptional);
                Assert.True(parameters[1].IsOptional && parameters[1].DefaultValue is null);
                Assert.True(parameters[2].IsOptional);
                AssertGenerated(method);
            }

            var publicSurface = client.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(member => member.Name)
                .Order(StringComparer.Ordinal);
            Assert.Equal([".ctor", ".ctor", ".ctor", ".ctor", "RequestAsync", "RequestAsync"], publicSurface);
        }
        finally
        {
            context.Unload();
        }
    }

    private static Assembly CompileAndLoad(AssemblyLoadContext context, string source = Source)
    {
        var output = GeneratorRunner.Run(source);
        GeneratorRunner.AssertCompilesCleanly(output.Compilation);
        using var image = new MemoryStream();
        var emitted = output.Compilation.Emit(image, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return context.LoadFromStream(image);
    }

    private static void AssertGenerated(MemberInfo member)
    {
        var attribute = member.GetCustomAttribute<GeneratedCodeAttribute>();
        Assert.NotNull(attribute);
        Assert.Equal("TypedWebSockets.Generator", attribute.Tool);
        Assert.Equal(WebSocketClientGenerator.Emitter.GeneratorVersion, attribute.Version);
    }
}
