using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TypedWebSockets.Messaging;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>
/// How the runtime reads and writes the message shapes of real protocols: paths, number and pattern kinds, a second
/// discriminator, per-contract envelopes, batches, plain-text messages, constant properties and kind-less messages.
/// <see cref="Dispatch"/> does what a generated dispatcher does, contract by contract in declaration order.
/// </summary>
public sealed class MessageShapeTests
{
    public sealed record Hello(int HeartbeatInterval);

    public sealed record Ready(string SessionId);

    public sealed record Dispatched(long? S, Ready D);

    public sealed record Note(string Text);

    public sealed record Ticker(string ProductId, decimal Price);

    public sealed record Empty;

    private delegate bool Reader(ref MessageReader reader, out object? value, out MessageContractException? error);

    [Fact]
    public void Kinds_at_nested_paths_are_found_wherever_they_stand_and_the_payload_is_read_from_the_contracts_envelope()
    {
        var format = new MessageFormat("/metadata/message_type", "/payload", new() { ReadPaths = ["/metadata/message_type", "/payload", "/metadata/subscription_type", "/payload/event"] });
        var welcome = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, "session_welcome");
        var follow = MessageContract<Ready>.CreateWithReflection(typeof(MessageShapeTests), format, "channel.follow", discriminatorProperty: "/metadata/subscription_type", envelope: "/payload/event");

        var outcomes = Dispatch(format, [Entry(welcome), Entry(follow)],
            """{"payload":{"text":"hi"},"metadata":{"message_id":"1","message_type":"session_welcome"}}""",
            """{"metadata":{"message_type":"notification","subscription_type":"channel.follow"},"payload":{"subscription":{"id":"x"},"event":{"sessionId":"s-1"}}}""",
            """{"metadata":{"message_type":"notification","subscription_type":"channel.ban"},"payload":{}}""");

        Assert.Equal(["0:Note { Text = hi }", "1:Ready { SessionId = s-1 }", "unhandled"], outcomes.Select(o => o.Summary));
    }

    [Fact]
    public void A_number_kind_matches_a_number_of_the_same_value_and_never_a_string()
    {
        var format = new MessageFormat("op", "d");
        var hello = MessageContract<Hello>.CreateWithReflection(typeof(MessageShapeTests), format, MessageKind.Number(10));

        var outcomes = Dispatch(format, [Entry(hello)],
            """{"op":10,"d":{"heartbeat_interval":1,"heartbeatInterval":41250}}""",
            """{"op":10.0,"d":{"heartbeatInterval":1}}""",
            """{"d":{"heartbeatInterval":2},"op":1e1}""",
            """{"op":"10","d":{"heartbeatInterval":3}}""",
            """{"op":10.5,"d":{}}""",
            """{"op":1e400,"d":{}}""",
            """{"op":11}""");

        Assert.Equal(
            [
                "0:Hello { HeartbeatInterval = 41250 }", "0:Hello { HeartbeatInterval = 1 }", "0:Hello { HeartbeatInterval = 2 }",
                "error: the discriminator property 'op' is a String, not a number", "unhandled", "unhandled", "unhandled",
            ],
            outcomes.Select(o => o.Summary));
    }

    [Fact]
    public void Patterns_match_by_prefix_or_suffix_after_unescaping_and_the_first_declared_match_wins()
    {
        var format = new MessageFormat("topic", "data");
        var btc = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, "orderbook.50.BTCUSDT");
        var book = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, MessageKind.Pattern("orderbook.*"));
        var trade = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, MessageKind.Pattern("*@trade"));
        var any = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, MessageKind.Pattern("*"));

        var outcomes = Dispatch(format, [Entry(btc), Entry(book), Entry(trade), Entry(any)],
            """{"topic":"orderbook.50.BTCUSDT","data":{"text":"a"}}""",
            """{"topic":"orderbook.1.ETHUSDT","data":{"text":"b"}}""",
            """{"topic":"orderbook\u002e200.SOL","data":{"text":"c"}}""",
            """{"topic":"btcusdt@trade","data":{"text":"d"}}""",
            """{"topic":"btcusdt\u0040trade","data":{"text":"e"}}""",
            """{"topic":"kline.1m","data":{"text":"f"}}""",
            """{"topic":5,"data":{"text":"g"}}""");

        Assert.Equal(
            ["0:Note { Text = a }", "1:Note { Text = b }", "1:Note { Text = c }", "2:Note { Text = d }", "2:Note { Text = e }", "3:Note { Text = f }", "error: the discriminator property 'topic' is a Number, not a string"],
            outcomes.Select(o => o.Summary));
    }

    [Fact]
    public void A_second_discriminator_that_is_null_or_missing_only_means_not_that_contract()
    {
        // Discord: every message has "op"; dispatches (op 0) also have "t", which the others send as null.
        var format = new MessageFormat("op", "d", new() { ReadPaths = ["op", "d", "t"] });
        var hello = MessageContract<Hello>.CreateWithReflection(typeof(MessageShapeTests), format, MessageKind.Number(10));
        var ready = MessageContract<Dispatched>.CreateWithReflection(typeof(MessageShapeTests), format, "READY", discriminatorProperty: "t", envelope: "");

        var outcomes = Dispatch(format, [Entry(hello), Entry(ready)],
            """{"t":null,"s":null,"op":10,"d":{"heartbeatInterval":41250}}""",
            """{"t":"READY","s":1,"op":0,"d":{"sessionId":"abc"}}""",
            """{"t":null,"s":null,"op":7,"d":null}""",
            """{"t":{"x":1},"op":9,"d":false}""",
            """{"op":null,"d":{}}""");

        Assert.Equal(
            ["0:Hello { HeartbeatInterval = 41250 }", "1:Dispatched { S = 1, D = Ready { SessionId = abc } }", "unhandled", "unhandled", "error: the discriminator property 'op' is a Null, not a number"],
            outcomes.Select(o => o.Summary));
    }

    [Fact]
    public void A_kind_given_twice_is_ambiguous_at_any_path()
    {
        var format = new MessageFormat("op", "d", new() { ReadPaths = ["op", "d", "t"] });
        var ready = MessageContract<Dispatched>.CreateWithReflection(typeof(MessageShapeTests), format, "READY", discriminatorProperty: "t", envelope: "");

        var outcome = Assert.Single(Dispatch(format, [Entry(ready)], """{"t":"READY","op":0,"t":"RESUMED","d":{}}"""));

        Assert.Equal("error: the discriminator property 't' appears more than once", outcome.Summary);
        Assert.Equal("READY", outcome.Error!.Discriminator);
    }

    [Fact]
    public void A_batch_is_read_element_by_element_and_a_bad_element_is_one_error()
    {
        var format = new MessageFormat("ev", null, new() { Batches = true });
        var trade = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, "T");

        var outcomes = Dispatch(format, [Entry(trade)],
            """[{"ev":"T","text":"1"},42,{"ev":"Q","text":"2"},{"ev":"T","text":3},{"ev":"T","text":"4"}]""");

        Assert.Equal(
            ["0:Note { Text = 1 }", "error: it is not a JSON object (it is a Number token)", "unhandled", "error", "0:Note { Text = 4 }"],
            outcomes.Select(o => o.Summary.StartsWith("error: The JSON value could not be converted", StringComparison.Ordinal) ? "error" : o.Summary));
        Assert.Equal("{\"ev\":\"Q\",\"text\":\"2\"}", outcomes[2].Text);
        Assert.Contains("(element 3 of a batch)", outcomes[3].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_whose_json_breaks_delivers_what_came_before_and_reports_the_rest_once()
    {
        var format = new MessageFormat("ev", null, new() { Batches = true });
        var trade = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, "T");

        Assert.Equal(
            ["0:Note { Text = 1 }", "error: it is not valid JSON"],
            Dispatch(format, [Entry(trade)], """[{"ev":"T","text":"1"},{"ev":"T","te""").Select(o => Cut(o.Summary)));
        Assert.Equal(
            ["0:Note { Text = 1 }", "error: it is not valid JSON"],
            Dispatch(format, [Entry(trade)], """[{"ev":"T","text":"1"}] x""").Select(o => Cut(o.Summary)));
        Assert.Empty(Dispatch(format, [Entry(trade)], "[ ]"));

        var withoutBatches = new MessageFormat("ev", null);
        Assert.Equal(
            ["error: it is not a JSON object (it starts with a StartArray token)"],
            Dispatch(withoutBatches, [Entry(MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), withoutBatches, "T"))], """[{"ev":"T","text":"1"}]""").Select(o => o.Summary));

        static string Cut(string summary) => summary.StartsWith("error: it is not valid JSON", StringComparison.Ordinal) ? "error: it is not valid JSON" : summary;
    }

    [Fact]
    public void Plain_text_messages_the_protocol_sends_on_purpose_are_not_errors()
    {
        var format = new MessageFormat("event", "data", new() { PlainTextMessages = ["pong"] });
        var ticker = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, "ticker");

        Assert.Equal("unhandled", Assert.Single(Dispatch(format, [Entry(ticker)], "pong")).Summary);
        Assert.StartsWith("error: it is not valid JSON", Assert.Single(Dispatch(format, [Entry(ticker)], "ping")).Summary, StringComparison.Ordinal);
        Assert.StartsWith("error: it is not valid JSON", Assert.Single(Dispatch(format, [Entry(ticker)], "pong ")).Summary, StringComparison.Ordinal);
        Assert.StartsWith("error: it is not valid JSON", Assert.Single(Dispatch(format, [Entry(ticker)], "pong", isText: false)).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_segment_that_is_a_number_selects_an_array_element()
    {
        var format = new MessageFormat("channel", "/data/0", new() { ReadPaths = ["channel", "/data/0", "/data/1/symbol", "/data/1"] });
        var first = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, "ticker");
        var second = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, "BTC/USD", discriminatorProperty: "/data/1/symbol", envelope: "/data/1");

        var outcomes = Dispatch(format, [Entry(second), Entry(first)],
            """{"channel":"ticker","data":[{"text":"a"},{"symbol":"BTC/USD","text":"b"}]}""",
            """{"channel":"ticker","data":[{"text":"c"}]}""");

        Assert.Equal(["0:Note { Text = b }", "1:Note { Text = c }"], outcomes.Select(o => o.Summary));
    }

    [Fact]
    public void An_envelope_may_hold_any_json_value_and_a_missing_or_repeated_one_is_an_error_naming_the_contract()
    {
        var format = new MessageFormat("op", "d");
        var heartbeat = MessageContract<long>.CreateWithReflection(typeof(MessageShapeTests), format, MessageKind.Number(1));

        var outcomes = Dispatch(format, [Entry(heartbeat)], """{"op":1,"d":251}""", """{"op":1}""", """{"op":1,"d":1,"d":2}""", """{"op":1,"d":"x"}""");

        Assert.Equal("0:251", outcomes[0].Summary);
        Assert.Equal("error: it has no 'd' property holding the message", outcomes[1].Summary);
        Assert.Equal("error: the envelope property 'd' appears more than once", outcomes[2].Summary);
        Assert.Equal(typeof(long), outcomes[3].Error!.ContractType);
        Assert.Equal("1", outcomes[3].Error!.Discriminator);
    }

    [Fact]
    public void A_received_contract_whose_non_nullable_properties_all_come_back_missing_is_reported_not_delivered_empty()
    {
        // A snake_case server read with camelCase names: every property would silently be null.
        var camel = new MessageFormat("type", null);
        var snake = new MessageFormat("type", null, new() { PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower });
        const string Json = """{"type":"ticker","product_id":"BTC-USD","price":"97000.5"}""";

        var error = Assert.Single(Dispatch(camel, [Entry(MessageContract<Ticker>.CreateWithReflection(typeof(MessageShapeTests), camel, "ticker"))], Json)).Error;
        var delivered = Assert.Single(Dispatch(snake, [Entry(MessageContract<Ticker>.CreateWithReflection(typeof(MessageShapeTests), snake, "ticker"))], Json));

        Assert.NotNull(error);
        Assert.Contains("none of its non-nullable properties ('productId') is in the message", error.Message, StringComparison.Ordinal);
        Assert.Contains("PropertyNamingPolicy", error.Message, StringComparison.Ordinal);
        Assert.Equal("0:Ticker { ProductId = BTC-USD, Price = 97000.5 }", delivered.Summary);
    }

    [Fact]
    public void The_error_carries_a_bounded_excerpt_with_control_characters_escaped()
    {
        var format = new MessageFormat("type", null);
        var note = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, "note");
        var longText = new string('é', 400);

        var shortError = Assert.Single(Dispatch(format, [Entry(note)], "{\"type\":\"note\",\"text\":5}\n")).Error!;
        var longError = Assert.Single(Dispatch(format, [Entry(note)], "{\"type\":\"note\",\"text\":" + longText.Length + ",\"x\":\"" + longText + "\"}")).Error!;

        Assert.Equal("{\"type\":\"note\",\"text\":5}\\n", shortError.MessageExcerpt);
        Assert.EndsWith(". Message: {\"type\":\"note\",\"text\":5}\\n", shortError.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("..", shortError.Message, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(longError.MessageExcerpt!.Split('…')[0]) <= MessageContractException.MaxExcerptBytes);
        Assert.EndsWith("… (833 bytes)", longError.MessageExcerpt, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', longError.MessageExcerpt);
    }

    [Fact]
    public void Other_values_are_read_in_the_same_pass_at_extra_read_paths()
    {
        // What replies need besides the kind and the payload (issue 14): the correlation id and the error, found in the
        // one pass over the message, at paths of their own.
        var format = new MessageFormat("type", null, new() { ReadPaths = ["type", "id", "/meta/error", "/result"] });
        var payload = Encoding.UTF8.GetBytes("""{"id":7,"type":"reply","meta":{"error":null},"result":{"a":[1,"\u0041"]},"id2":8}""");
        var reader = new MessageReader(payload, format, typeof(MessageShapeTests));

        Assert.True(reader.Read());
        Assert.True(reader.TryGetRawValue(format.SlotOf(MessagePath.Parse("id")), out var id));
        Assert.Equal("7", Encoding.UTF8.GetString(id));
        Assert.True(reader.TryGetRawValue(format.SlotOf(MessagePath.Parse("/meta/error")), out var error));
        Assert.Equal("null", Encoding.UTF8.GetString(error));
        Assert.True(reader.TryGetRawValue(format.SlotOf(MessagePath.Parse("/result")), out var result));
        Assert.Equal("""{"a":[1,"\u0041"]}""", Encoding.UTF8.GetString(result));
        Assert.False(reader.TryGetRawValue(99, out _));

        var twice = new MessageReader(Encoding.UTF8.GetBytes("""{"id":1,"id":2}"""), format, typeof(MessageShapeTests));
        Assert.True(twice.Read());
        Assert.False(twice.TryGetRawValue(format.SlotOf(MessagePath.Parse("id")), out _));
    }

    [Fact]
    public void Reading_and_matching_allocate_nothing()
    {
        var format = new MessageFormat("op", "d", new() { ReadPaths = ["op", "d", "t", "/d/meta/kind"] });
        var hello = MessageContract<Hello>.CreateWithReflection(typeof(MessageShapeTests), format, MessageKind.Number(10));
        var ready = MessageContract<Dispatched>.CreateWithReflection(typeof(MessageShapeTests), format, "READY", discriminatorProperty: "t", envelope: "");
        var pattern = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, MessageKind.Pattern("*.update"), discriminatorProperty: "/d/meta/kind");
        var payload = Encoding.UTF8.GetBytes("""{"t":null,"s":42,"op":0,"d":{"meta":{"kind":"book.update"},"text":"x","values":[1,2,3]}}""" + new string(' ', 3));
        Span<MessageValue> values = stackalloc MessageValue[format.ReadPaths.Count];

        var matched = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            var reader = new MessageReader(payload, format, typeof(MessageShapeTests), values);
            while (reader.Read())
            {
                matched += reader.Matches(hello) || reader.Matches(ready) ? 0 : reader.Matches(pattern) ? 1 : 0;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, matched);
    }

    [Theory]
    [InlineData("type", null, """{"type":"note","text":"x"}""")]
    [InlineData("type", "data", """{"type":"note","data":{"text":"x"}}""")]
    [InlineData("/meta/type", null, """{"meta":{"type":"note"},"text":"x"}""")]
    [InlineData("/d/kind", "d", """{"d":{"kind":"note","text":"x"}}""")]
    [InlineData("/d/requestType", "/d/requestData", """{"d":{"requestType":"note","requestData":{"text":"x"}}}""")]
    [InlineData("op", "/d/x/y", """{"op":"note","d":{"x":{"y":{"text":"x"}}}}""")]
    public void Sent_kinds_and_envelopes_are_written_at_their_paths(string kindPath, string? envelope, string expected)
    {
        var format = new MessageFormat("type", null);
        var contract = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), format, "note", discriminatorProperty: kindPath, envelope: envelope ?? "");

        Assert.Equal(expected, Serialize(contract, new Note("x")));
    }

    [Fact]
    public void Constants_numbers_and_kind_less_messages_are_written_as_declared()
    {
        var rpc = new MessageFormat("method", "params", new() { SentProperties = [new("jsonrpc", "2.0"), new("v", 2), new("live", true), new("none", (string?)null)] });
        var discord = new MessageFormat("op", "d");
        var slack = new MessageFormat("type", "payload");

        Assert.Equal("""{"jsonrpc":"2.0","v":2,"live":true,"none":null,"method":"note","params":{"text":"x"}}""",
            Serialize(MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), rpc, "note"), new Note("x")));
        Assert.Equal("""{"jsonrpc":"2.0","v":2,"live":true,"none":null,"text":"x"}""",
            Serialize(MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), rpc, MessageKind.None, discriminatorProperty: "", envelope: ""), new Note("x")));
        Assert.Equal("""{"op":1,"d":251}""", Serialize(MessageContract<long>.CreateWithReflection(typeof(MessageShapeTests), discord, MessageKind.Number(1)), 251L));
        Assert.Equal("""{"op":1}""", Serialize(MessageContract<Empty>.CreateWithReflection(typeof(MessageShapeTests), discord, MessageKind.Number(1), envelope: ""), new Empty()));
        Assert.Equal("""{"text":"ack"}""", Serialize(MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), slack, MessageKind.None, discriminatorProperty: "", envelope: ""), new Note("ack")));
        Assert.Equal("[1,2]", Serialize(MessageContract<int[]>.CreateWithReflection(typeof(MessageShapeTests), slack, MessageKind.None, discriminatorProperty: "", envelope: ""), [1, 2]));
    }

    [Fact]
    public void A_request_head_carries_the_constants_the_kind_and_the_id()
    {
        var rpc = new MessageFormat("method", "params", new() { SentProperties = [new("jsonrpc", "2.0")] });
        Assert.Equal("""{"jsonrpc":"2.0","method":"sum","id":7,"params":[1,2]}""", SerializeRequest(RequestContract<long[], long>.CreateWithReflection(typeof(MessageShapeTests), rpc, "sum"), 7, [1L, 2L]));
    }

    [Fact]
    public void A_request_id_is_written_as_a_string_or_at_a_nested_path()
    {
        var graphql = new MessageFormat("type", "payload", new() { Correlation = new() { IdFormat = CorrelationIdFormat.String } });
        Assert.Equal("""{"type":"subscribe","id":"12","payload":{"query":"{ n }"}}""", SerializeRequest(RequestContract<Ask, Note>.CreateWithReflection(typeof(MessageShapeTests), graphql, "subscribe"), 12, new Ask("{ n }")));

        // OBS v5: {"op":6,"d":{"requestType":"GetVersion","requestId":"1","requestData":{...}}}
        var obs = new MessageFormat("op", "d", new() { Correlation = new() { CorrelationId = "/d/requestId", IdFormat = CorrelationIdFormat.String, ReadPaths = ["/d/requestStatus"] } });
        var request = RequestContract<Ask, Note>.CreateWithReflection(typeof(MessageShapeTests), obs, MessageKind.Number(6), new CorrelatedContractOptions { Envelope = "/d/requestData" });
        Assert.Equal("""{"op":6,"d":{"requestId":"3","requestData":{"query":"v"}}}""", SerializeRequest(request, 3, new Ask("v")));

        // Flat, with the id inside the payload's own object: the payload's members follow the head's.
        var flat = new MessageFormat("type", null, new() { Correlation = new() { CorrelationId = "seq" } });
        Assert.Equal("""{"type":"q","seq":9,"query":"x"}""", SerializeRequest(RequestContract<Ask, Note>.CreateWithReflection(typeof(MessageShapeTests), flat, "q"), 9, new Ask("x")));
    }

    [Fact]
    public void A_correlated_path_that_replies_are_not_read_at_is_refused_at_create()
    {
        var format = new MessageFormat("type", null);
        var error = Assert.Throws<ArgumentException>(() => RequestContract<Ask, Note>.CreateWithReflection(typeof(MessageShapeTests), format, "q", new CorrelatedContractOptions { ResponseEnvelope = "result" }));
        Assert.Contains("'result'", error.Message, StringComparison.Ordinal);
    }

    private static string SerializeRequest<TRequest, TResponse>(RequestContract<TRequest, TResponse> contract, long id, TRequest request)
    {
        var head = contract.Replies.Head;
        Span<byte> bytes = stackalloc byte[head.MaxLength];
        var length = head.Write(id, bytes);
        var buffer = MessageSerializer.Serialize(contract.Request, head.Layout, bytes[..length], request);
        try
        {
            return Encoding.UTF8.GetString(buffer.Memory.Span);
        }
        finally
        {
            buffer.Return();
        }
    }

    private sealed record Ask(string Query);

    [Fact]
    public void Writing_refuses_a_pattern_and_a_head_that_needs_one_property_twice()
    {
        var withConstant = new MessageFormat("type", null, new() { SentProperties = [new("type", "x")] });

        // A received contract never writes, so its kind may share a name with a constant: only sending fails.
        var received = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), withConstant, "note");
        var pattern = MessageContract<Note>.CreateWithReflection(typeof(MessageShapeTests), withConstant, MessageKind.Pattern("note.*"), discriminatorProperty: "kind");

        Assert.Contains("would both be written as the property 'type'", Assert.Throws<ArgumentException>(() => Serialize(received, new Note("x"))).Message, StringComparison.Ordinal);
        Assert.Contains("is a pattern", Assert.Throws<InvalidOperationException>(() => Serialize(pattern, new Note("x"))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/a~2b", "'~2' at index 2 is not an escape")]
    [InlineData("/a~", "it ends with a '~' that escapes nothing")]
    public void Ill_formed_pointers_are_rejected(string path, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => MessagePath.Parse(path));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pointers_unescape_and_equal_the_names_they_name()
    {
        Assert.Equal(["a/b", "c~d", "", "0"], MessagePath.Parse("/a~1b/c~0d//0").Segments);
        Assert.Equal(MessagePath.Parse("type"), MessagePath.Parse("/type"));
        Assert.Equal(["a/b"], MessagePath.Parse("a/b").Segments);
        Assert.True(MessagePath.Parse("/d/eventType").StartsWith(MessagePath.Parse("d")));
        Assert.True(MessagePath.Root.IsRoot);
    }

    private static List<Outcome> Dispatch(MessageFormat format, (MessageContract Contract, Reader Read)[] contracts, params string[] messages)
        => messages.SelectMany(message => Dispatch(format, contracts, message, isText: true)).ToList();

    private static List<Outcome> Dispatch(MessageFormat format, (MessageContract Contract, Reader Read)[] contracts, string message, bool isText)
    {
        var outcomes = new List<Outcome>();
        var reader = new MessageReader(Encoding.UTF8.GetBytes(message), format, typeof(MessageShapeTests), new MessageValue[format.ReadPaths.Count]);
        while (reader.Read())
        {
            var matched = -1;
            for (var i = 0; i < contracts.Length && matched < 0; i++)
            {
                if (reader.Matches(contracts[i].Contract))
                {
                    matched = i;
                }
            }

            if (matched >= 0)
            {
                outcomes.Add(contracts[matched].Read(ref reader, out var value, out var error) ? new Outcome($"{matched}:{value}", null, null) : new Outcome(null, error, null));
            }
            else
            {
                var fault = reader.GetUnmatchedFault(isText);
                outcomes.Add(fault is null ? new Outcome("unhandled", null, Encoding.UTF8.GetString(reader.Message)) : new Outcome(null, fault, null));
            }
        }

        return outcomes;
    }

    private static (MessageContract, Reader) Entry<T>(MessageContract<T> contract)
        => (contract, (ref MessageReader reader, out object? value, out MessageContractException? error) =>
        {
            var read = reader.TryDeserialize(contract, out var message, out var failure);
            value = message;
            error = read ? null : failure;
            return read;
        });

    private static string Serialize<T>(MessageContract<T> contract, T message)
    {
        var buffer = MessageSerializer.Serialize(contract, message);
        try
        {
            return Encoding.UTF8.GetString(buffer.Memory.Span);
        }
        finally
        {
            buffer.Return();
        }
    }

    /// <summary>What happened to one message: delivered to a contract, reported, or left to the unhandled-message handlers.</summary>
    private sealed record Outcome(string? Delivered, MessageContractException? Error, string? Text)
    {
        // The reason of an error, without the client and contract before it and the excerpt after it.
        public string Summary => Delivered ?? (Error is null ? "unhandled" : "error: " + Reason(Error.Message));

        private static string Reason(string message)
        {
            var start = message.IndexOf(": ", StringComparison.Ordinal) + 2;
            var end = message.LastIndexOf(". Message: ", StringComparison.Ordinal);
            return message[start..end];
        }
    }
}
