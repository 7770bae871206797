using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Helpers;
using TypedWebSockets.Generator.Model;
using TypedWebSockets.Generator.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Generator.Tests;

/// <summary>The cached model holds values only, so the pipeline can compare it and never roots a compilation.</summary>
public sealed class ModelTests
{
    private static readonly Type[] s_forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxToken), typeof(SyntaxTree), typeof(Location), typeof(Compilation),
        typeof(SemanticModel), typeof(AttributeData), typeof(TypedConstant), typeof(Delegate),
    ];

    [Fact]
    public void The_model_graph_holds_no_symbols_syntax_or_reference_compared_collections()
    {
        var problems = new List<string>();
        Walk(typeof(ClientParseResult), nameof(ClientParseResult), IsModelType, [], problems);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_walk_catches_what_it_is_meant_to_catch()
    {
        var problems = new List<string>();
        Walk(typeof(BadModel), nameof(BadModel), type => type == typeof(BadModel), [], problems);
        Assert.Equal(
            [
                "BadModel (BadModel) is not a sealed, equatable type.",
                "BadModel.Symbol is a ISymbol.",
                "BadModel.Names is a ImmutableArray`1, which compares by reference; use EquatableArray<T>.",
                "BadModel.Numbers is a List`1, which compares by reference; use EquatableArray<T>.",
                "BadModel.Where is a Location.",
            ],
            problems);
    }

    [Fact]
    public void Parsing_the_same_source_twice_gives_equal_specs()
    {
        const string Source = """
            using TypedWebSockets;

            namespace MyApp;

            public static partial class Outer
            {
                [WebSocketClient(Envelope = "data")]
                [Sends<Item>("add")]
                [Receives<Page<Item>>]
                public partial class CatalogClient;
            }

            public sealed record Item(string Name);
            public sealed record Page<T>(T[] Items);
            """;

        var first = Parse(Source);
        var second = Parse(Source);

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, Parse(Source.Replace("\"add\"", "\"insert\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Message_shape_attributes_are_values_of_the_spec()
    {
        const string Source = """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "/meta/kind", Envelope = "data", Batches = true, PlainTextMessages = new[] { "pong" })]
            [SendsProperty("jsonrpc", "2.0")]
            [SendsProperty("v", 2)]
            [Receives<Item>("item.*")]
            [Receives<Ping>(7, DiscriminatorProperty = "op", Envelope = "")]
            [Sends<Item>(DiscriminatorProperty = "", Envelope = "")]
            [Requests<Ping, Item?>("get", ErrorDiscriminator = "failed", ResponseEnvelope = "result")]
            [Subscribes<Ping, Item>("watch", ItemDiscriminator = "next", CompleteDiscriminator = "done", StopDiscriminator = "stop")]
            public partial class FeedClient;

            public sealed record Item(string Name);
            public sealed record Ping(long At);
            """;
        const string Client = "MyApp.FeedClient";

        var first = Parse(Source, Client);
        Assert.Equal(first, Parse(Source, Client));
        Assert.Equal(first.GetHashCode(), Parse(Source, Client).GetHashCode());
        string[][] edits =
        [
            ["Batches = true", "Batches = false"],
            ["new[] { \"pong\" }", "new[] { \"pong\", \"ok\" }"],
            ["\"/meta/kind\"", "\"/meta/type\""],
            ["(\"jsonrpc\", \"2.0\")", "(\"jsonrpc\", \"3.0\")"],
            ["(\"v\", 2)", "(\"v\", true)"],
            ["\"item.*\"", "\"*.item\""],
            ["(7,", "(8,"],
            ["DiscriminatorProperty = \"op\"", "DiscriminatorProperty = \"/d/op\""],
            ["\"op\", Envelope = \"\"", "\"op\", Envelope = \"d\""],
            ["DiscriminatorProperty = \"\", Envelope = \"\"", "DiscriminatorProperty = \"\""],
            ["Batches = true", "Batches = true, CorrelationIdFormat = CorrelationIdFormat.String"],
            ["Batches = true", "Batches = true, ReplyCorrelationId = \"re\""],
            ["ErrorDiscriminator = \"failed\"", "ErrorDiscriminator = \"error\""],
            ["ResponseEnvelope = \"result\"", "ResponseEnvelope = \"r\""],
            ["Item?>", "Item>"],
            ["(\"get\"", "(3"],
            ["ItemDiscriminator = \"next\"", "ItemDiscriminator = \"data\""],
            ["CompleteDiscriminator = \"done\"", "CompleteDiscriminator = \"end\""],
            ["StopDiscriminator = \"stop\"", "StopDiscriminator = \"cancel\""],
            ["[Subscribes<Ping, Item>", "[Requests<Item, Item>"],
        ];
        foreach (var edit in edits)
        {
            Assert.Contains(edit[0], Source, StringComparison.Ordinal);
            Assert.True(!first.Equals(Parse(Source.Replace(edit[0], edit[1], StringComparison.Ordinal), Client)), $"Replacing {edit[0]} with {edit[1]} left the spec equal.");
        }
    }

    [Fact]
    public void A_type_sent_and_received_is_named_once_but_each_annotation_is_kept()
    {
        const string Source = """
            using System.Collections.Generic;
            using TypedWebSockets;

            namespace MyApp;

            public static partial class Outer
            {
                [WebSocketClient]
                [Sends<Item>("item")]
                [Receives<Item>("item")]
                [Sends<List<string?>>("names")]
                [Receives<List<string>>("names")]
                public partial class CatalogClient;
            }

            public sealed record Item(string Name);
            """;

        var contracts = Parse(Source).Contracts;

        Assert.Same(contracts[0].Type, contracts[1].Type);
        Assert.Equal("global::System.Collections.Generic.List<string?>", contracts[2].Type.FullyQualifiedName);
        Assert.Equal("global::System.Collections.Generic.List<string>", contracts[3].Type.FullyQualifiedName);
    }

    private static ClientSpec Parse(string source, string client = "MyApp.Outer+CatalogClient")
    {
        var compilation = GeneratorRunner.CreateCompilation(source);
        var symbol = compilation.GetTypeByMetadataName(client)!;
        var outcome = WebSocketClientGenerator.Parser.ParseClient(symbol, compilation, TestContext.Current.CancellationToken);
        Assert.Equal(ClientSkipReason.None, outcome.SkipReason);
        return outcome.Spec!;
    }

    private static bool IsModelType(Type type) => type.Namespace == typeof(ClientSpec).Namespace;

    private static void Walk(Type type, string path, Func<Type, bool> isModel, HashSet<Type> visited, List<string> problems)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(string))
        {
            return;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Walk(underlying, path, isModel, visited, problems);
            return;
        }

        if (s_forbidden.FirstOrDefault(forbidden => forbidden.IsAssignableFrom(type)) is { } culprit)
        {
            problems.Add($"{path} is a {culprit.Name}.");
            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
        {
            Walk(type.GetGenericArguments()[0], path + "[]", isModel, visited, problems);
            return;
        }

        if (type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>)) || typeof(IEnumerable).IsAssignableFrom(type))
        {
            problems.Add($"{path} is a {type.Name}, which compares by reference; use EquatableArray<T>.");
            return;
        }

        if (!visited.Add(type))
        {
            return;
        }

        if (!isModel(type))
        {
            problems.Add($"{path} is a {type.FullName}, which is not a model type.");
            return;
        }

        if (!type.IsSealed || !typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type))
        {
            problems.Add($"{path} ({type.Name}) is not a sealed, equatable type.");
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.FieldType, path + "." + field.Name, isModel, visited, problems);
        }
    }

    // Not a model: exercises the walk. Each field but the last is a mistake it must report.
#pragma warning disable CS0649, CA1812 // Never assigned or instantiated: only its shape matters.
    private sealed class BadModel
    {
        public ITypeSymbol? Symbol;
        public ImmutableArray<string> Names;
        public List<int>? Numbers;
        public Location? Where;
        public EquatableArray<string> Fine;
    }
#pragma warning restore CS0649, CA1812
}
