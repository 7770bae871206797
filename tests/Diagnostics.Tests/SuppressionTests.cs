using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

public sealed class SuppressionTests
{
    [Fact]
    public async Task Pragma_warning_disable_suppresses_a_warning_at_its_attribute()
    {
        const string Template = """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<ChatMessage>("chat")]
            {0}
            [Sends<ChatMessageWithImage>("chat")]
            {1}
            public partial class ChatClient;

            public sealed record ChatMessage(string Text);
            public sealed record ChatMessageWithImage(string Text, string ImageUrl);
            """;

        var reported = await AnalyzerRunner.GetDiagnosticsAsync(TestCompilation.Create(string.Format(Template, "", "")));
        var unsuppressed = Assert.Single(reported);
        Assert.Equal("TWS0006", unsuppressed.Id);
        Assert.False(unsuppressed.IsSuppressed);

        var withPragma = await AnalyzerRunner.GetDiagnosticsAsync(TestCompilation.Create(
            string.Format(Template, "#pragma warning disable TWS0006", "#pragma warning restore TWS0006")));
        var suppressed = Assert.Single(withPragma);
        Assert.Equal("TWS0006", suppressed.Id);
        Assert.True(suppressed.IsSuppressed);
        Assert.Equal(unsuppressed.GetMessage(), suppressed.GetMessage());
    }

    [Fact]
    public async Task Pragma_for_another_id_does_not_suppress()
    {
        var reported = await AnalyzerRunner.GetDiagnosticsAsync(TestCompilation.Create(
            """
            using TypedWebSockets;

            namespace MyApp;

            #pragma warning disable TWS0022
            [WebSocketClient]
            public partial class ChatClient;
            """));
        var diagnostic = Assert.Single(reported);
        Assert.Equal("TWS0023", diagnostic.Id);
        Assert.False(diagnostic.IsSuppressed);
        Assert.Empty(reported.Where(d => d.IsSuppressed));
    }
}
