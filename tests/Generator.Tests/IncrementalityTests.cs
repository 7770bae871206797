using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Model;
using TypedWebSockets.Generator.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Generator.Tests;

/// <summary>
/// The pipeline does no work that an edit did not call for: unrelated edits leave every tracked step cached or
/// unchanged and every output cached; an edit to one client regenerates that client only.
/// </summary>
public sealed class IncrementalityTests
{
    private const string ChatClientFile = """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Sends<ChatMessage>("chat")]
        [Receives<ChatMessage>("chat")]
        public partial class ChatClient;
        """;

    // The message-shape attributes: nested paths, number and pattern kinds, per-contract paths, constants, batches; and
    // the request and subscription attributes of issue 14.
    private const string FeedClientFile = """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient(Discriminator = "/meta/kind", Envelope = "data", Batches = true, PlainTextMessages = new[] { "pong" },
            CorrelationIdFormat = CorrelationIdFormat.String, ReplyCorrelationId = "re", ResponseEnvelope = "result")]
        [SendsProperty("jsonrpc", "2.0")]
        [Receives<FeedItem>("item.*")]
        [Receives<FeedPing>(7, DiscriminatorProperty = "op", Envelope = "")]
        [Sends<FeedItem>(DiscriminatorProperty = "", Envelope = "")]
        [Requests<FeedPing, FeedItem?>("get", ErrorDiscriminator = "failed")]
        [Subscribes<FeedPing, FeedItem>("watch", ItemDiscriminator = "next", CompleteDiscriminator = "done", StopDiscriminator = "stop", ItemEnvelope = "")]
        public partial class FeedClient;
        """;

    private const string ContractsFile = """
        namespace MyApp;

        public sealed record ChatMessage(string User, string Text);
        public sealed record FeedItem(string Title);
        public sealed record FeedPing(long At);
        """;

    private const string UnrelatedFile = """
        namespace MyApp;

        public static class Arithmetic
        {
            public static int Twice(int value) => value * 2;
        }
        """;

    private static readonly string[] s_trackingNames = [TrackingNames.ParseResults, TrackingNames.Clients];

    [Fact]
    public void Adding_an_unrelated_class_leaves_every_step_cached()
    {
        var (driver, compilation) = RunOnce();

        var edited = compilation.AddSyntaxTrees(
            GeneratorRunner.ParseSource("namespace MyApp; public sealed class Unrelated { public int Value { get; set; } }", "Unrelated.cs"));
        var result = Rerun(driver, edited);

        AssertNothingRegenerated(result);
    }

    [Fact]
    public void Changing_a_method_body_in_another_file_leaves_every_step_cached()
    {
        var (driver, compilation) = RunOnce();

        var edited = Replace(compilation, "Unrelated.cs", UnrelatedFile.Replace("value * 2", "value + value", System.StringComparison.Ordinal));
        var result = Rerun(driver, edited);

        AssertNothingRegenerated(result);
    }

    [Fact]
    public void Changing_a_contract_in_a_way_the_client_does_not_see_regenerates_nothing()
    {
        var (driver, compilation) = RunOnce();

        var edited = Replace(compilation, "Contracts.cs", ContractsFile.Replace("string Text)", "string Text, int Likes)", System.StringComparison.Ordinal));
        var result = Rerun(driver, edited);

        AssertNothingRegenerated(result);
    }

    [Fact]
    public void Reparsing_identical_sources_regenerates_nothing()
    {
        var (driver, _) = RunOnce();

        var result = Rerun(driver, CreateCompilation());

        AssertNothingRegenerated(result);
    }

    [Fact]
    public void Editing_one_clients_attribute_regenerates_only_that_client()
    {
        var (driver, compilation) = RunOnce();
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString());

        var edited = Replace(compilation, "ChatClient.cs", ChatClientFile.Replace("[Receives<ChatMessage>(\"chat\")]", "[Receives<ChatMessage>(\"message\")]", System.StringComparison.Ordinal));
        var result = Rerun(driver, edited);

        var clients = result.TrackedSteps[TrackingNames.Clients].SelectMany(step => step.Outputs)
            .ToDictionary(output => ((ClientSpec)output.Value).Hierarchy.ClientName, output => output.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, clients["ChatClient"]);
        Assert.Contains(clients["FeedClient"], new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });

        var outputs = OutputReasons(result);
        Assert.Equal(1, outputs.Count(reason => reason == IncrementalStepRunReason.Modified));
        Assert.Equal(1, outputs.Count(reason => reason == IncrementalStepRunReason.Cached));

        var after = result.GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString());
        Assert.Equal(before["MyApp.FeedClient.WebSocketClient.g.cs"], after["MyApp.FeedClient.WebSocketClient.g.cs"]);
        Assert.NotEqual(before["MyApp.ChatClient.WebSocketClient.g.cs"], after["MyApp.ChatClient.WebSocketClient.g.cs"]);
        Assert.Contains("s_messageFormat, \"message\")", after["MyApp.ChatClient.WebSocketClient.g.cs"], System.StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> ShapeEdits => new()
    {
        { "Batches", "Batches = true", "Batches = false" },
        { "PlainTextMessages", "new[] { \"pong\" }", "new[] { \"pong\", \"ok\" }" },
        { "Discriminator path", "Discriminator = \"/meta/kind\"", "Discriminator = \"/meta/type\"" },
        { "SendsProperty value", "[SendsProperty(\"jsonrpc\", \"2.0\")]", "[SendsProperty(\"jsonrpc\", \"3.0\")]" },
        { "SendsProperty added", "[SendsProperty(\"jsonrpc\", \"2.0\")]", "[SendsProperty(\"jsonrpc\", \"2.0\")]\n[SendsProperty(\"v\", 2)]" },
        { "pattern", "\"item.*\"", "\"*.item\"" },
        { "number kind", "(7,", "(8," },
        { "contract DiscriminatorProperty", "DiscriminatorProperty = \"op\"", "DiscriminatorProperty = \"/d/op\"" },
        { "contract Envelope", "[Receives<FeedPing>(7, DiscriminatorProperty = \"op\", Envelope = \"\")]", "[Receives<FeedPing>(7, DiscriminatorProperty = \"op\", Envelope = \"d\")]" },
        { "sent kind", "[Sends<FeedItem>(DiscriminatorProperty = \"\", Envelope = \"\")]", "[Sends<FeedItem>(\"item\")]" },
        { "CorrelationIdFormat", "CorrelationIdFormat.String", "CorrelationIdFormat.Number" },
        { "ReplyCorrelationId", "ReplyCorrelationId = \"re\"", "ReplyCorrelationId = \"reply\"" },
        { "ResponseEnvelope", "ResponseEnvelope = \"result\"", "ResponseEnvelope = \"/r/v\"" },
        { "ErrorDiscriminator", "ErrorDiscriminator = \"failed\"", "ErrorDiscriminator = \"error\"" },
        { "nullable response", "FeedItem?>", "FeedItem>" },
        { "ItemDiscriminator", "ItemDiscriminator = \"next\"", "ItemDiscriminator = \"data\"" },
        { "CompleteDiscriminator", "CompleteDiscriminator = \"done\"", "CompleteDiscriminator = \"end\"" },
        { "StopDiscriminator", "StopDiscriminator = \"stop\"", "StopDiscriminator = \"cancel\"" },
        { "ItemEnvelope", "ItemEnvelope = \"\"", "ItemEnvelope = \"item\"" },
    };

    [Theory]
    [MemberData(nameof(ShapeEdits))]
    public void Editing_a_message_shape_attribute_regenerates_only_that_client(string edit, string from, string to)
    {
        var (driver, compilation) = RunOnce();
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString());
        Assert.Contains(from, FeedClientFile, System.StringComparison.Ordinal);

        var edited = Replace(compilation, "FeedClient.cs", FeedClientFile.Replace(from, to, System.StringComparison.Ordinal));
        var result = Rerun(driver, edited);

        var clients = result.TrackedSteps[TrackingNames.Clients].SelectMany(step => step.Outputs)
            .ToDictionary(output => ((ClientSpec)output.Value).Hierarchy.ClientName, output => output.Reason);
        Assert.True(clients["FeedClient"] == IncrementalStepRunReason.Modified, $"{edit}: FeedClient was {clients["FeedClient"]}.");
        Assert.Contains(clients["ChatClient"], new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });

        var outputs = OutputReasons(result);
        Assert.Equal(1, outputs.Count(reason => reason == IncrementalStepRunReason.Modified));
        Assert.Equal(1, outputs.Count(reason => reason == IncrementalStepRunReason.Cached));
        var after = result.GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString());
        Assert.Equal(before["MyApp.ChatClient.WebSocketClient.g.cs"], after["MyApp.ChatClient.WebSocketClient.g.cs"]);
        Assert.NotEqual(before["MyApp.FeedClient.WebSocketClient.g.cs"], after["MyApp.FeedClient.WebSocketClient.g.cs"]);
    }

    private static Compilation CreateCompilation()
        => Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "IncrementalAssembly",
            [
                GeneratorRunner.ParseSource(ChatClientFile, "ChatClient.cs"),
                GeneratorRunner.ParseSource(FeedClientFile, "FeedClient.cs"),
                GeneratorRunner.ParseSource(ContractsFile, "Contracts.cs"),
                GeneratorRunner.ParseSource(UnrelatedFile, "Unrelated.cs"),
            ],
            GeneratorRunner.References,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static (GeneratorDriver Driver, Compilation Compilation) RunOnce()
    {
        var compilation = CreateCompilation();
        var driver = GeneratorRunner.CreateDriver().RunGenerators(compilation, TestContext.Current.CancellationToken);
        Assert.Equal(2, driver.GetRunResult().Results.Single().GeneratedSources.Length);
        return (driver, compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, Compilation compilation)
    {
        var result = driver.RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Equal(2, result.GeneratedSources.Length);
        return result;
    }

    private static Compilation Replace(Compilation compilation, string path, string newText)
    {
        var tree = compilation.SyntaxTrees.Single(tree => tree.FilePath == path);
        return compilation.ReplaceSyntaxTree(tree, GeneratorRunner.ParseSource(newText, path));
    }

    private static void AssertNothingRegenerated(GeneratorRunResult result)
    {
        foreach (var name in s_trackingNames)
        {
            Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), $"The step {name} was not tracked.");
            var outputs = steps.SelectMany(step => step.Outputs).ToList();
            Assert.Equal(2, outputs.Count);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{name}: {output.Value} was {output.Reason}."));
        }

        var reasons = OutputReasons(result);
        Assert.Equal(2, reasons.Count);
        Assert.All(reasons, reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    private static List<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result)
        => [.. result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).Select(output => output.Reason)];
}
