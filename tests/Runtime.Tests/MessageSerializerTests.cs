using System;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TypedWebSockets.Messaging;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>
/// The serializer keeps one JSON writer per thread for the default options and one for the custom options used last;
/// whatever the order of contracts, each message is written with its own contract's options.
/// </summary>
public sealed class MessageSerializerTests
{
    public sealed record Note(string Text, int Count);

    private static readonly Note s_note = new("é <b> & \"quoted\"", 3);

    private static JsonSerializerOptions Options(Action<JsonSerializerOptions> configure)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        configure(options);
        options.MakeReadOnly();
        return options;
    }

    private static MessageContract<Note> Contract(JsonSerializerOptions options, string? envelope)
        => new(typeof(MessageSerializerTests), new MessageFormat("type", envelope), "note", (JsonTypeInfo<Note>)options.GetTypeInfo(typeof(Note)));

    // What the contract's own options write, with the discriminator put in front as the wire format says.
    private static string Expected(JsonSerializerOptions options, string? envelope)
    {
        var body = JsonSerializer.Serialize(s_note, options);
        return envelope is null
            ? "{\"type\":\"note\"," + body[1..]
            : "{\"type\":\"note\",\"" + envelope + "\":" + body + "}";
    }

    private static string Serialize(MessageContract<Note> contract)
    {
        var buffer = MessageSerializer.Serialize(contract, s_note);
        try
        {
            return Encoding.UTF8.GetString(buffer.Memory.Span);
        }
        finally
        {
            buffer.Return();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("data")]
    public void Contracts_with_default_indented_and_custom_encoder_options_are_each_written_with_their_own_options(string? envelope)
    {
        var plain = Options(_ => { });
        var relaxedIndented = Options(o =>
        {
            o.WriteIndented = true;
            o.IndentSize = 4;
            o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        var tabs = Options(o =>
        {
            o.WriteIndented = true;
            o.IndentCharacter = '\t';
            o.IndentSize = 1;
            o.NewLine = "\r\n";
        });
        var contracts = new[] { Contract(plain, envelope), Contract(relaxedIndented, envelope), Contract(tabs, envelope) };
        var expected = new[] { Expected(plain, envelope), Expected(relaxedIndented, envelope), Expected(tabs, envelope) };

        // The three outputs differ, so a writer reused with the wrong options would show.
        Assert.Equal(3, new System.Collections.Generic.HashSet<string>(expected).Count);
        Assert.Contains("é <b>", expected[1], StringComparison.Ordinal);
        Assert.Contains("\r\n\t", expected[2], StringComparison.Ordinal);

        foreach (var index in new[] { 1, 1, 0, 1, 2, 2, 1, 0, 2 })
        {
            Assert.Equal(expected[index], Serialize(contracts[index]));
        }
    }
}
