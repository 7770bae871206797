using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TypedWebSockets.Reliability.Tests;

public sealed record ShapedBag(int Seq, string Label);

/// <summary>
/// A generated client that reads its kinds at nested paths: <c>{"meta":{"kind":"chat"},"body":{...}}</c>, a number
/// kind at the same path (<c>"kind":7</c>), a prefix pattern (<c>"measure.*"</c>), a suffix pattern at a second,
/// deeper path with its own envelope (<c>{"meta":{"sub":{"kind":"x.bag"}},"body":{"bag":{...}}}</c>), batches (a
/// JSON array is several messages) and one plain-text message (<c>pong</c>).
/// </summary>
[WebSocketClient(Discriminator = "/meta/kind", Envelope = "/body", Batches = true, PlainTextMessages = ["pong"])]
[Receives<ChatMessage>("chat")]
[Receives<Ticket>(7)]
[Receives<Measurement>("measure.*")]
[Receives<ShapedBag>("*.bag", DiscriminatorProperty = "/meta/sub/kind", Envelope = "/body/bag")]
public partial class ShapedClient;

/// <summary>What the client must make of one message (of a frame, or of an element of a batch frame).</summary>
internal abstract record ShapeExpectation
{
    /// <summary>Delivered to the typed handler as <paramref name="Value"/>.</summary>
    public sealed record Delivered(object Value) : ShapeExpectation;

    /// <summary>Given to OnUnhandledMessage with exactly this text.</summary>
    public sealed record Unhandled(string Text) : ShapeExpectation;

    /// <summary>Reported once to OnError as a MessageContractException naming <paramref name="Contract"/> (null: none).</summary>
    public sealed record Rejected(Type? Contract) : ShapeExpectation;
}

/// <summary>One frame of the corpus and, in order, what each of its messages must produce.</summary>
internal sealed record ShapeFrame(int Index, string Class, byte[] Payload, bool Binary, IReadOnlyList<ShapeExpectation> Expected)
{
    public string Excerpt
    {
        get
        {
            var text = Encoding.UTF8.GetString(Payload);
            return text.Length <= 200 ? text : text[..200] + $"... ({Payload.Length} bytes)";
        }
    }
}

/// <summary>
/// A seeded corpus for <see cref="ShapedClient"/>: good, unmatched and malformed messages at nested paths, number and
/// pattern kinds against huge strings, missing or mistyped nested objects, and batches of up to thousands of elements.
/// </summary>
/// <remarks>
/// The rules the expectations follow: a message whose kind matches a contract is that contract's, and any fault found
/// in it (even after the kind) is reported naming the contract; a message no contract matches is unhandled unless it
/// cannot be read before any kind is found, its kind at the client's path is a duplicate or of a type no contract
/// there has (null, true, an object), in which case it is reported naming no contract. A fault that breaks a batch's
/// JSON ends the batch; the corpus puts it in the last element only, so every element is accounted for.
/// </remarks>
internal sealed class ShapeCorpus
{
    private const string KindEnd = "\u0002";
    private static readonly JsonSerializerOptions s_raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] s_words = ["ada", "h\u00e9llo", "\u65e5\u672c", "quote \" \\ slash", "emoji \U0001F600", "", "tab\tline\n"];

    private readonly Random _random;
    private int _seq;

    // In large batches: no strings of 100 KB and more (the frame must stay under the client's 4 MiB limit).
    private bool _small;

    // In batches: no nesting beyond the reader's depth limit, which breaks the batch's JSON (see Batch).
    private bool _inBatch;

    private ShapeCorpus(int seed) => _random = new Random(seed);

    public List<ShapeFrame> Frames { get; } = new();

    public static ShapeCorpus Generate(int seed, int frames)
    {
        var corpus = new ShapeCorpus(seed);
        for (var i = 0; i < frames; i++)
        {
            switch (corpus._random.Next(10))
            {
                case 0 or 1 or 2:
                    corpus.Single();
                    break;
                case 3 or 4:
                    corpus.StandaloneFault();
                    break;
                case 5 or 6 or 7:
                    corpus.Batch(corpus._random.Next(1, 12));
                    break;
                case 8:
                    corpus._small = true;
                    corpus.Batch(corpus._random.Next(20) == 0 ? corpus._random.Next(2000, 5000) : corpus._random.Next(12, 200));
                    corpus._small = false;
                    break;
                default:
                    corpus.Odd();
                    break;
            }
        }

        return corpus;
    }

    /// <summary>The last frame: a chat message with seq -1 that tells the test the corpus was consumed.</summary>
    public static byte[] Sentinel() => """{"meta":{"kind":"chat"},"body":{"user":"end","text":"end","seq":-1}}"""u8.ToArray();

    // One message alone in its frame (sometimes binary: kinds do not depend on the frame type).
    private void Single()
    {
        var (json, expected) = Element();
        var binary = expected is ShapeExpectation.Delivered && _random.Next(8) == 0;
        AddFrame("single", Strip(json), binary, [expected]);
    }

    // A batch: its elements are dispatched in order, each with its own outcome. Sometimes its last element is broken
    // (the batch is cut inside it) or something follows the ']'.
    private void Batch(int count)
    {
        var elements = new List<(string Json, ShapeExpectation Expected)>();
        _inBatch = true;
        for (var i = 0; i < count; i++)
        {
            elements.Add(_random.Next(10) == 0 ? NonObjectElement() : Element());
        }

        _inBatch = false;

        var builder = new StringBuilder("[");
        var expected = new List<ShapeExpectation>();
        for (var i = 0; i < elements.Count; i++)
        {
            builder.Append(i == 0 ? Space() : "," + Space());
            builder.Append(elements[i].Json);
            expected.Add(elements[i].Expected);
        }

        switch (_random.Next(7))
        {
            case 0:
                // Cut inside a last, good element: named when its kind was read before the cut.
                var (good, contract) = GoodContract(kindFirst: _random.Next(2) == 0);
                builder.Append(elements.Count == 0 ? string.Empty : ",");
                var start = Encoding.UTF8.GetByteCount(Strip(builder.ToString()));
                var text = builder.Append(good).ToString();
                var (bytes, kindEnd) = Measure(text);
                var end = bytes.Length;
                var cut = start + 1 + _random.Next(end - start - 1);
                expected.Add(new ShapeExpectation.Rejected(cut >= kindEnd ? contract : null));
                AddFrame("batch-cut", bytes[..cut], binary: !System.Text.Unicode.Utf8.IsValid(bytes[..cut]), expected);
                return;
            case 1:
                builder.Append(']').Append(Pick(" x", "]", ",", "{}", "[]"));
                expected.Add(new ShapeExpectation.Rejected(null));
                AddFrame("batch-trailing", Strip(builder.ToString()), binary: false, expected);
                return;
            case 2:
                // An element nested beyond the reader's depth limit: it is reported (naming its contract, whose kind
                // comes first), and the elements after it cannot be found, which that one report says.
                builder.Append(elements.Count == 0 ? string.Empty : ",");
                builder.Append(Message("\"chat\"", Obj(("user", "\"u\""), ("text", "\"t\""), ("seq", "1"), ("deep", Deep())), kindFirst: true));
                builder.Append(",{\"meta\":{\"kind\":\"chat\"},\"body\":{\"user\":\"lost\",\"text\":\"lost\",\"seq\":1}}]");
                expected.Add(new ShapeExpectation.Rejected(typeof(ChatMessage)));
                AddFrame("batch-too-deep", Strip(builder.ToString()), binary: false, expected);
                return;
            default:
                builder.Append(Space()).Append(']');
                AddFrame(count >= 1000 ? "batch-huge" : "batch", Strip(builder.ToString()), binary: false, expected);
                return;
        }
    }

    // Faults only a frame of its own can have: a broken message around a matched kind, invalid UTF-8, trailing content.
    private void StandaloneFault()
    {
        var kindFirst = _random.Next(2) == 0;
        var (good, contract) = GoodContract(kindFirst);
        switch (_random.Next(5))
        {
            case 0:
            {
                var (bytes, kindEnd) = Measure(good);
                var cut = 1 + _random.Next(bytes.Length - 1);
                AddFrame("truncated", bytes[..cut], binary: !System.Text.Unicode.Utf8.IsValid(bytes[..cut]), [new ShapeExpectation.Rejected(cut >= kindEnd ? contract : null)]);
                return;
            }

            case 1:
            {
                // A broken value first (nothing found yet: no contract) or last (after the kind: the contract's).
                var broken = Pick("'single'", "NaN", "01", "\"unterminated", "tru", "[1,]", "{\"a\" 1}", Deep());
                var first = _random.Next(2) == 0;
                var json = first ? "{\"broken\":" + broken + "," + good[1..] : good[..^1] + ",\"broken\":" + broken + "}";
                AddFrame(first ? "fault-before-kind" : "fault-after-kind", Strip(json), binary: false, [new ShapeExpectation.Rejected(first ? null : contract)]);
                return;
            }

            case 2:
            {
                // Invalid UTF-8 inside the body, after the kind (a binary frame: a text frame would fail UTF-8 validation).
                var json = Message("\"chat\"", Obj(("user", "\"u\""), ("text", "\"\uFFFF\""), ("seq", "1")), kindFirst: true);
                contract = typeof(ChatMessage);
                var bytes = Encoding.UTF8.GetBytes(json);
                var at = bytes.AsSpan().LastIndexOf(new byte[] { 0xEF, 0xBF, 0xBF });
                bytes[at] = 0xC3;
                bytes[at + 1] = 0x28;
                bytes[at + 2] = 0xFF;
                AddFrame("invalid-utf8-after-kind", bytes, binary: true, [new ShapeExpectation.Rejected(contract)]);
                return;
            }

            case 3:
                AddFrame("trailing-content", Strip(good + Pick(" x", "{}", ",", " null")), binary: false, [new ShapeExpectation.Rejected(contract)]);
                return;

            default:
                // Two top-level "meta" objects: the kind is found twice (a duplicate), except beside a bag message, whose
                // meta has none: then "chat" is found once and the bag body is not a chat message.
                var twice = "{\"meta\":{\"kind\":\"chat\"}," + good[1..];
                AddFrame("duplicate-meta", Strip(twice), binary: false, [new ShapeExpectation.Rejected(contract == typeof(ShapedBag) ? typeof(ChatMessage) : null)]);
                return;
        }
    }

    // Frames that are not one JSON object or array: empty, scalars, plain text.
    private void Odd()
    {
        var (text, binary, expected) = _random.Next(8) switch
        {
            0 => ("pong", false, (ShapeExpectation)new ShapeExpectation.Unhandled("pong")),
            1 => ("pong", true, new ShapeExpectation.Rejected(null)),
            2 => (Pick("ping", "pong ", "PONG", "pongpong"), false, new ShapeExpectation.Rejected(null)),
            3 => (Pick("", "   ", "\r\n"), _random.Next(2) == 0, new ShapeExpectation.Rejected(null)),
            4 => (Pick("42", "\"chat\"", "null", "true", "7"), false, new ShapeExpectation.Rejected(null)),
            5 => ("[]", false, null!),
            _ => (Deep(), false, new ShapeExpectation.Rejected(null)),
        };
        AddFrame("odd", Encoding.UTF8.GetBytes(text), binary, expected is null ? [] : [expected]);
    }

    // One message as an object (for a frame or a batch element) and its outcome.
    private (string Json, ShapeExpectation Expected) Element()
    {
        switch (_random.Next(12))
        {
            case 0 or 1 or 2 or 3 or 4:
                return GoodElement();
            case 5 or 6 or 7:
                return UnmatchedElement();
            case 8 or 9:
                return BodyFault();
            default:
                return KindFault();
        }
    }

    private (string, ShapeExpectation) GoodElement()
    {
        var seq = ++_seq;
        switch (_random.Next(4))
        {
            case 0:
            {
                var (user, text) = (Pick(s_words), !_small && _random.Next(20) == 0 ? new string('x', 1 + _random.Next(20_000)) : Pick(s_words));
                var kind = Pick("\"chat\"", "\"\\u0063hat\"", "\"ch\\u0061t\"");
                return (Message(kind, Obj(("user", Str(user)), ("text", Str(text)), ("seq", Num(seq)))), new ShapeExpectation.Delivered(new ChatMessage(user, text, seq)));
            }

            case 1:
            {
                // 7 as any JSON number of that value.
                var kind = Pick("7", "7.0", "7e0", "0.7e1", "70e-1", "7.000");
                var priority = _random.Next(-5, 50);
                var ticket = Obj(("id", Str("t-" + seq)), ("seq", Num(seq)), ("priority", Num(priority)));
                return (Message(kind, ticket), new ShapeExpectation.Delivered(new Ticket { Id = "t-" + seq, Seq = seq, Priority = priority }));
            }

            case 2:
            {
                var suffix = _random.Next(10) switch
                {
                    0 => string.Empty,
                    1 when !_small => new string('m', 100_000 + _random.Next(100_000)),
                    2 => "\u00e9t\u00e9.\U0001F600",
                    _ => Pick("trades", "btc.usd", "a.b.c", "*", "measure."),
                };
                var kind = _random.Next(4) == 0 ? "\"measure\\u002e" + Escaped(suffix) + "\"" : Str("measure." + suffix);
                var (count, ratio, level) = (_random.NextInt64(-1_000_000, 1_000_000), Math.Round(_random.NextDouble() * 100, 3), (byte)_random.Next(256));
                var measure = Obj(("seq", Num(seq)), ("count", Num(count)), ("ratio", ratio.ToString("R", CultureInfo.InvariantCulture)), ("level", Num(level)));
                return (Message(kind, measure), new ShapeExpectation.Delivered(new Measurement(seq, count, ratio, level)));
            }

            default:
            {
                var prefix = !_small && _random.Next(10) == 0 ? new string('b', 100_000 + _random.Next(100_000)) : Pick("", "x", "orders", "\u65e5\u672c", ".");
                var label = Pick(s_words);

                // The client's own kind may be anything no contract there matches, even null ("chat.bag" is not "chat"):
                // the bag contract matches, so nothing there is a fault.
                var clientKind = _random.Next(3) == 0 ? null : Pick("\"zzz\"", "8", "null", "true", "{}", "\"chat.bag\"");
                var bag = Obj(("seq", Num(seq)), ("label", Str(label)));
                var meta = MetaObject(clientKind, Obj(("kind", Str(prefix + ".bag")), ("x", "1")));
                var json = Top(("meta", meta), ("body", Obj(("bag", bag), ("other", "[1,2]"))));
                return (json, new ShapeExpectation.Delivered(new ShapedBag(seq, label)));
            }
        }
    }

    // Objects no contract matches: unhandled, with their exact text.
    private (string, ShapeExpectation) UnmatchedElement()
    {
        var body = Obj(("user", Str("u")), ("text", Str("t")), ("seq", Num(++_seq)));
        var json = _random.Next(9) switch
        {
            0 => Message(Pick("\"zzz\"", "\"CHAT\"", "\"chat \"", "\"measure\"", "\"xmeasure.a\"", "\"\"", "\"bag\"", Str(new string('z', _small ? 2_000 : 200_000))), body),
            1 => Message(Pick("8", "7.5", "-7", "\"7\"", "7e400", "9223372036854775808", "0"), body),
            2 => Top(("body", body)),
            3 => Top(("meta", Pick("5", "null", "[]", "\"chat\"", "{}", "[{\"kind\":\"chat\"}]")), ("body", body)),
            4 => Top(("meta", Obj(("meta", Obj(("kind", "\"chat\""))))), ("body", body)),
            5 => Top(("meta", Obj(("sub", Pick("null", "5", "{}", "{\"kind\":\"bag\"}", "{\"kind\":\"x.bagx\"}", "{\"kind\":null}", "{\"kind\":5}")))), ("body", body)),
            6 => Top(("kind", "\"chat\""), ("user", "\"u\"")),
            7 => "{}",
            _ => Top(("meta", Obj(("kind", "\"zzz\""), ("deep", Deep(40)))), ("body", Deep(50))),
        };
        return (json, new ShapeExpectation.Unhandled(Strip(json)));
    }

    // A matched kind with a body that is not its contract's: reported naming the contract.
    private (string, ShapeExpectation) BodyFault()
    {
        var chatBody = _random.Next(8) switch
        {
            0 => null,
            1 => Pick("null", "5", "\"x\"", "[]", "true"),
            2 => "{}",
            3 => Obj(("user", "null"), ("text", "null"), ("seq", "1")),
            4 => Obj(("user", "\"u\""), ("text", "\"t\""), ("seq", Pick("\"abc\"", "1.5", "true", "{}", "1e400"))),
            5 => Obj(("user", "5"), ("text", "\"t\""), ("seq", "1")),
            6 when !_inBatch => Obj(("user", "\"u\""), ("text", "\"t\""), ("seq", "1"), ("deep", Deep())),
            _ => Obj(("seq", "1"), ("extra", "{\"nested\":[1,2,3]}")),
        };
        switch (_random.Next(4))
        {
            case 0:
                return (Message("\"chat\"", chatBody, kindFirst: true), new ShapeExpectation.Rejected(typeof(ChatMessage)));
            case 1:
                var ticket = Pick<string?>(null, "{}", Obj(("seq", "1")), Obj(("id", "5"), ("seq", "1")), Obj(("id", "\"t\""), ("seq", "\"x\"")));
                return (Message("7", ticket, kindFirst: true), new ShapeExpectation.Rejected(typeof(Ticket)));
            case 2:
                var measure = Pick<string?>(null, "[]", Obj(("seq", "1"), ("count", "1"), ("ratio", "1"), ("level", "256")), Obj(("seq", "1"), ("count", "\"many\""), ("ratio", "1"), ("level", "1")));
                return (Message("\"measure.x\"", measure, kindFirst: true), new ShapeExpectation.Rejected(typeof(Measurement)));
            default:
                var bagBody = Pick("null", "5", "{}", Obj(("bag", "null")), Obj(("bag", "{}")), Obj(("bag", Obj(("seq", "\"s\""), ("label", "\"l\"")))), Obj(("bag", "[1]")));
                return (Top(("meta", Obj(("sub", Obj(("kind", "\"a.bag\""))))), ("body", bagBody)), new ShapeExpectation.Rejected(typeof(ShapedBag)));
        }
    }

    // The kind at the client's path cannot be used: a duplicate, or a value of a type no contract there has.
    private (string, ShapeExpectation) KindFault()
    {
        var body = Obj(("user", "\"u\""), ("text", "\"t\""), ("seq", "1"));
        var json = _random.Next(3) switch
        {
            0 => Top(("meta", Obj(("kind", "\"chat\""), ("kind", Pick("\"chat\"", "\"zzz\"", "7")))), ("body", body)),
            1 => Top(("meta", Obj(("kind", Pick("null", "true", "false", "{}", "[\"chat\"]", "{\"kind\":\"chat\"}")))), ("body", body)),
            _ => Top(("meta", Obj(("\\u006bind", "\"chat\""), ("kind", "\"chat\"")))),
        };
        return (json, new ShapeExpectation.Rejected(null));
    }

    // A batch element that is not an object.
    private (string, ShapeExpectation) NonObjectElement()
        => (Pick("5", "\"chat\"", "null", "true", "[]", "[{\"meta\":{\"kind\":\"chat\"}}]", "-0.5"), new ShapeExpectation.Rejected(null));

    // A good message rendered with the kind end marked, for cutting it and breaking it.
    private (string Json, Type Contract) GoodContract(bool kindFirst)
    {
        var seq = ++_seq;
        return _random.Next(4) switch
        {
            0 => (Message("\"chat\"" + KindEnd, Obj(("user", "\"u\""), ("text", Str(Pick(s_words))), ("seq", Num(seq))), kindFirst), typeof(ChatMessage)),
            1 => (Message("7" + KindEnd, Obj(("id", "\"t\""), ("seq", Num(seq))), kindFirst), typeof(Ticket)),
            2 => (Message("\"measure.x\"" + KindEnd, Obj(("seq", Num(seq)), ("count", "1"), ("ratio", "0.5"), ("level", "3")), kindFirst), typeof(Measurement)),
            _ => (Top(kindFirst, ("meta", Obj(("sub", Obj(("kind", "\"x.bag\"" + KindEnd))))), ("body", Obj(("bag", Obj(("seq", Num(seq)), ("label", "\"l\"")))))), typeof(ShapedBag)),
        };
    }

    private string Message(string kind, string? body, bool? kindFirst = null)
    {
        var meta = MetaObject(kind, sub: null);
        return body is null ? Top(kindFirst ?? false, ("meta", meta)) : Top(kindFirst ?? (_random.Next(2) == 0), ("meta", meta), ("body", body));
    }

    // {"kind":..} with extra properties, and "sub" when given.
    private string MetaObject(string? kind, string? sub)
    {
        var props = new List<(string, string)>();
        if (kind is not null)
        {
            props.Add(("kind", kind));
        }

        if (sub is not null)
        {
            props.Add(("sub", sub));
        }

        if (_random.Next(3) == 0)
        {
            props.Add(Pick(("id", "\"m-1\""), ("at", "1710000000"), ("tags", "[\"a\",{\"kind\":\"chat\"}]"), ("nested", "{\"kind\":\"chat\",\"meta\":{\"kind\":\"chat\"}}")));
        }

        Shuffle(props);
        return Obj(props.ToArray());
    }

    private string Top(params (string Name, string Value)[] props) => Top(_random.Next(2) == 0, props);

    // The top-level object: "meta" first when kindFirst, else anywhere; unknown properties beside.
    private string Top(bool kindFirst, params (string Name, string Value)[] props)
    {
        var list = props.ToList();
        if (_random.Next(3) == 0)
        {
            list.Add(Pick(("s", "42"), ("t", "null"), ("extra", "{\"body\":{\"bag\":1},\"meta\":{\"kind\":\"chat\"}}"), ("$type", "\"Dog\"")));
        }

        Shuffle(list);
        if (kindFirst && list.FindIndex(p => p.Name == "meta") is var index and > 0)
        {
            var meta = list[index];
            list.RemoveAt(index);
            list.Insert(0, meta);
        }

        return Obj(list.ToArray());
    }

    private string Obj(params (string Name, string Value)[] props)
    {
        var builder = new StringBuilder("{");
        for (var i = 0; i < props.Length; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append(Space()).Append('"').Append(props[i].Name).Append('"').Append(Space()).Append(':').Append(Space()).Append(props[i].Value).Append(Space());
        }

        return builder.Append('}').ToString();
    }

    private string Deep(int depth = 0)
    {
        depth = depth > 0 ? depth : 65 + _random.Next(300);
        return _random.Next(2) == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    // The UTF-8 bytes of text without the kind marker, and the byte offset where the marked kind value ends.
    private static (byte[] Bytes, int KindEnd) Measure(string text)
    {
        var marker = text.IndexOf(KindEnd, StringComparison.Ordinal);
        var kindEnd = marker < 0 ? int.MaxValue : Encoding.UTF8.GetByteCount(text.AsSpan(0, marker));

        // A number ends at the delimiter after it: a message cut right after "7" has not read the number yet.
        if (marker > 0 && char.IsAsciiDigit(text[marker - 1]))
        {
            kindEnd++;
        }

        return (Encoding.UTF8.GetBytes(Strip(text)), kindEnd);
    }

    private static string Strip(string text) => text.Replace(KindEnd, string.Empty, StringComparison.Ordinal);

    private void AddFrame(string @class, string text, bool binary, List<ShapeExpectation> expected) => AddFrame(@class, Encoding.UTF8.GetBytes(text), binary, expected);

    private void AddFrame(string @class, byte[] payload, bool binary, List<ShapeExpectation> expected)
        => Frames.Add(new ShapeFrame(Frames.Count, @class, payload, binary, expected));

    private static string Escaped(string value) => string.Concat(value.Select(c => $"\\u{(int)c:x4}"));

    private string Str(string value) => _random.Next(2) == 0 ? JsonSerializer.Serialize(value) : JsonSerializer.Serialize(value, s_raw);

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private string Space() => _random.Next(6) switch
    {
        0 => " ",
        1 => "\n\t ",
        _ => string.Empty,
    };

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];

    private void Shuffle<T>(List<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
