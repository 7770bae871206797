using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TypedWebSockets.Reliability.Tests;

internal enum CorpusOutcome
{
    /// <summary>Delivered to the typed handler as <see cref="CorpusEntry.Expected"/>.</summary>
    Delivered,

    /// <summary>Delivered, and the typed handler throws <see cref="HandlerFault"/>, which must reach OnError once.</summary>
    HandlerThrows,

    /// <summary>Reported once to OnError as a <see cref="MessageContractException"/> with the expected contract and discriminator.</summary>
    Rejected,

    /// <summary>Neither delivered nor reported: no discriminator, or one no contract has (raw listeners only).</summary>
    Ignored,
}

/// <summary>One message of the corpus and what the typed client must make of it.</summary>
internal sealed record CorpusEntry(
    int Index,
    string Class,
    byte[] Payload,
    bool Binary,
    CorpusOutcome Outcome,
    object? Expected = null,
    Type? ContractType = null,
    string? Discriminator = null)
{
    public string Excerpt
    {
        get
        {
            var text = Encoding.UTF8.GetString(Payload);
            return text.Length <= 160 ? text : text[..160] + $"... ({Payload.Length} bytes)";
        }
    }
}

/// <summary>Thrown by a corpus handler on purpose; must be reported to OnError exactly once and not stop the connection.</summary>
public sealed class HandlerFault(int seq) : Exception($"Handler fault on purpose for seq {seq}.")
{
    public int Seq { get; } = seq;
}

/// <summary>
/// A seeded corpus of good, malformed and ignorable messages for a typed client, in the flat format
/// (<c>{"type":"chat",...}</c>) or the envelope format (<c>{"kind":"chat","data":{...}}</c>).
/// </summary>
/// <remarks>
/// The expected report for a malformed message follows one rule: when the fault lies after the discriminator (so the
/// discriminator, and with it the contract, is known), the <see cref="MessageContractException"/> names the contract
/// type and the discriminator; when the fault makes the discriminator unreadable or ambiguous (not JSON, not an object,
/// a fault before the discriminator, a duplicate or non-string discriminator), it names neither, except that a
/// duplicate names the first value read.
/// </remarks>
internal sealed class MessageCorpus
{
    private static readonly JsonSerializerOptions s_escaped = new() { Encoder = JavaScriptEncoder.Default };
    private static readonly JsonSerializerOptions s_raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] s_words =
    [
        "ada", "grace", "h\u00e9llo", "\u65e5\u672c\u8a9e", "quote \" and backslash \\", "emoji \U0001F600", "tab\tnewline\n", "",
        "<script>alert(1)</script>", "\u0000nul", "\u2028line separator", "caf\u00e9 cr\u00e8me", "\u0645\u0631\u062d\u0628\u0627",
    ];

    private static readonly double[] s_ratios = [0, 0.5, -2.25, 1e-3, 123456.789, double.Epsilon, double.MaxValue, -1e300, 3.141592653589793];

    private readonly Random _random;
    private readonly bool _envelope;
    private readonly string _disc;
    private int _seq;

    private MessageCorpus(int seed, bool envelope)
    {
        Seed = seed;
        _random = new Random(seed);
        _envelope = envelope;
        _disc = envelope ? "kind" : "type";
    }

    public int Seed { get; }

    public List<CorpusEntry> Entries { get; } = new();

    public static MessageCorpus Generate(int seed, int count, bool envelope)
    {
        var corpus = new MessageCorpus(seed, envelope);
        var generators = corpus.Generators();
        for (var i = 0; i < count; i++)
        {
            // About half good messages, the rest spread over the malformed classes and the ignorable ones.
            if (corpus._random.Next(2) == 0)
            {
                corpus.Good();
            }
            else
            {
                generators[corpus._random.Next(generators.Length)]();
            }
        }

        return corpus;
    }

    /// <summary>The last message: a good chat message with seq -1 that tells the test the corpus was consumed.</summary>
    public byte[] Sentinel()
        => Encoding.UTF8.GetBytes(_envelope
            ? """{"kind":"chat","data":{"user":"end","text":"end","seq":-1}}"""
            : """{"type":"chat","user":"end","text":"end","seq":-1}""");

    private Action[] Generators() =>
    [
        Truncated, WrongType, HugeNumber, DeepNesting, DuplicateDiscriminator, DiscriminatorNotAString, MissingRequired,
        NonUtf8Binary, InvalidUtf8InString, Empty, NotAnObject, TrailingContent, SyntaxError, UndecodableDiscriminator,
        EnvelopeFault, Ignorable,
    ];

    private void Good()
    {
        var (contract, props, expected, seq) = GoodContract();
        var shape = Shape(contract, props);
        var json = Render(shape, out _, out _);
        var outcome = contract == "measure" && seq % 5 == 0 ? CorpusOutcome.HandlerThrows : CorpusOutcome.Delivered;
        Add("good", Encoding.UTF8.GetBytes(json), binary: _random.Next(10) == 0, outcome, expected);
    }

    private void Truncated()
    {
        var (contract, props, _, _) = GoodContract();
        var json = Render(Shape(contract, props), out var discEnd, out _);
        var bytes = Encoding.UTF8.GetBytes(json);
        var discEndByte = Encoding.UTF8.GetByteCount(json.AsSpan(0, discEnd));
        var cut = 1 + _random.Next(bytes.Length - 1);
        var payload = bytes.AsSpan(0, cut).ToArray();
        var binary = !IsValidUtf8(payload);
        AddFault("truncated", payload, binary, contract, faultIndex: cut, discEndByte);
    }

    private void WrongType()
    {
        var (contract, props, _, _) = GoodContract();
        var (name, wrong) = contract switch
        {
            "chat" => Pick(("user", "123"), ("user", "true"), ("user", "{}"), ("text", "[\"a\"]"), ("seq", "\"abc\""), ("seq", "true"), ("seq", "1.5"), ("seq", "\"1.5\""), ("seq", "null"), ("seq", "{}")),
            "ticket" => Pick(("id", "5"), ("id", "false"), ("seq", "[1]"), ("priority", "\"high\""), ("priority", "null")),
            _ => Pick(("level", "256"), ("level", "-1"), ("level", "\"300\""), ("ratio", "\"abc\""), ("ratio", "true"), ("count", "\"many\""), ("count", "1.25")),
        };
        Replace(props, name, wrong);
        AddSemantic("wrong-type", contract, props);
    }

    private void HugeNumber()
    {
        var (contract, props, _, _) = GoodContract();
        var huge = Pick("1e400", "-1e400", "99999999999999999999999", "2147483648", "-2147483649", new string('9', 10_000), "1" + new string('0', 400));
        var name = contract switch
        {
            "chat" => "seq",
            "ticket" => Pick("seq", "priority"),
            _ => Pick("seq", "count", "level"),
        };
        if (contract == "measure" && name == "count")
        {
            huge = Pick("9223372036854775808", "-9223372036854775809", "1e30", new string('9', 10_000));
        }

        Replace(props, name, huge);
        AddSemantic("huge-number", contract, props);
    }

    private void DeepNesting()
    {
        var (contract, props, _, _) = GoodContract();
        var depth = 65 + _random.Next(400);
        var deep = _random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        if (_random.Next(2) == 0)
        {
            props.Add(("deep", Fault(deep)));
        }
        else
        {
            Replace(props, props[_random.Next(props.Count)].Name, Fault(deep));
        }

        AddShaped("deep-nesting", contract, props);
    }

    private void DuplicateDiscriminator()
    {
        var (contract, props, _, _) = GoodContract();
        var shape = Shape(contract, props);
        var second = Pick(contract, "chat", "ticket", "measure", "unknown-kind");
        var name = _random.Next(3) == 0 ? Escape(_disc) : _disc;
        shape.Insert(_random.Next(shape.Count + 1), (name, Quote(second)));
        var json = Render(shape, out _, out _);
        var first = shape.First(p => p.Name == _disc || p.Name == Escape(_disc)).Value;
        Add("duplicate-discriminator", Encoding.UTF8.GetBytes(json), binary: false, CorpusOutcome.Rejected, contractType: null, discriminator: JsonSerializer.Deserialize<string>(first));
    }

    private void DiscriminatorNotAString()
    {
        var (contract, props, _, _) = GoodContract();
        var shape = Shape(contract, props);
        var index = shape.FindIndex(p => p.Name == _disc);
        shape[index] = (_disc, Pick("5", "null", "true", "{}", "[\"" + contract + "\"]", "{\"value\":\"" + contract + "\"}", "-0.0"));
        Add("discriminator-not-a-string", Encoding.UTF8.GetBytes(Render(shape, out _, out _)), binary: false, CorpusOutcome.Rejected);
    }

    private void MissingRequired()
    {
        var (_, props, _, _) = GoodTicket();
        var missing = Pick(["id"], ["seq"], new[] { "id", "seq" });
        props.RemoveAll(p => missing.Contains(p.Name));
        AddSemantic("missing-required", "ticket", props);
    }

    private void NonUtf8Binary()
    {
        var payload = new byte[1 + _random.Next(96)];
        _random.NextBytes(payload);
        payload[0] = (byte)(0x80 | _random.Next(0x80));
        Add("non-utf8-binary", payload, binary: true, CorpusOutcome.Rejected);
    }

    private void InvalidUtf8InString()
    {
        var (contract, props, _, _) = GoodChat();
        Replace(props, Pick("user", "text"), Fault("\"\uFFFF\""));

        // The discriminator first, so the fault is after it whether the JSON reader or the deserializer finds it.
        var shape = Shape(contract, props);
        var disc = shape.Find(p => p.Name == _disc);
        shape.Remove(disc);
        shape.Insert(0, disc);
        var json = Render(shape, out var discEnd, out var faultIndex);
        var bytes = Encoding.UTF8.GetBytes(json);

        // U+FFFF encodes as EF BF BF; overwrite it with an invalid sequence (a lone continuation byte and a truncated lead).
        var at = bytes.AsSpan().IndexOf(new byte[] { 0xEF, 0xBF, 0xBF });
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        bytes[at + 2] = 0xFF;
        AddFault("invalid-utf8-in-string", bytes, binary: true, contract, Encoding.UTF8.GetByteCount(json.AsSpan(0, faultIndex)), Encoding.UTF8.GetByteCount(json.AsSpan(0, discEnd)));
    }

    private void Empty()
    {
        var (payload, binary) = Pick((Array.Empty<byte>(), false), (Array.Empty<byte>(), true), ("   "u8.ToArray(), false), ("\r\n\t"u8.ToArray(), true));
        Add("empty", payload, binary, CorpusOutcome.Rejected);
    }

    private void NotAnObject()
    {
        var json = Pick("[1,2,3]", "\"chat\"", "42", "null", "true", "[{\"" + _disc + "\":\"chat\"}]", "\"{\\\"" + _disc + "\\\":\\\"chat\\\"}\"");
        Add("not-an-object", Encoding.UTF8.GetBytes(json), binary: false, CorpusOutcome.Rejected);
    }

    private void TrailingContent()
    {
        var (contract, props, _, _) = GoodContract();
        var json = Render(Shape(contract, props), out var discEnd, out _);
        var trailing = Pick(" x", "{}", ",", "]", " null", "{\"" + _disc + "\":\"chat\"}", "\u0000");
        AddFault("trailing-content", Encoding.UTF8.GetBytes(json + trailing), binary: false, contract, faultIndex: int.MaxValue, discEndByte: discEnd);
    }

    private void SyntaxError()
    {
        var (contract, props, _, _) = GoodContract();
        var broken = Pick("'single'", "undefined", "NaN", "Infinity", "0x10", "01", "+1", "\"unterminated", "/* comment */ 1", "\"bad \\x escape\"", "\"raw\u0001control\"", "tru", "[1,]");
        if (_random.Next(2) == 0)
        {
            props.Add(("broken", Fault(broken)));
        }
        else
        {
            Replace(props, props[_random.Next(props.Count)].Name, Fault(broken));
        }

        AddShaped("syntax-error", contract, props);
    }

    private void UndecodableDiscriminator()
    {
        // A lone surrogate escape (valid JSON syntax, but no string can hold it) or raw bytes that are not UTF-8.
        var (contract, props, _, _) = GoodContract();
        var shape = Shape(contract, props);
        var index = shape.FindIndex(p => p.Name == _disc);
        var raw = _random.Next(3) == 0;
        shape[index] = (_disc, raw ? "\"\uFFFF\"" : Pick("\"\\ud800\"", "\"\\udfff\"", "\"chat\\ud800\"", "\"\\ud800\\u0041\""));
        if (_random.Next(2) == 0)
        {
            shape.Add((_disc, Quote(contract)));
        }

        var bytes = Encoding.UTF8.GetBytes(Render(shape, out _, out _));
        if (raw)
        {
            var at = bytes.AsSpan().IndexOf(new byte[] { 0xEF, 0xBF, 0xBF });
            bytes[at] = 0x63;
            bytes[at + 1] = 0xFF;
            bytes[at + 2] = 0xC3;
        }

        Add("undecodable-discriminator", bytes, binary: raw, CorpusOutcome.Rejected);
    }

    private void EnvelopeFault()
    {
        if (!_envelope)
        {
            MissingRequired();
            return;
        }

        var (contract, props, _, _) = GoodContract();
        var top = new List<(string Name, string Value)> { (_disc, Quote(contract)) };
        var body = RenderObject(props);
        switch (_random.Next(4))
        {
            case 0:
                break; // no "data" at all
            case 1:
                top.Add(("data", Pick("null", "5", "\"x\"", "[]", "true")));
                break;
            case 2:
                top.Add(("data", body));
                top.Add(("data", body));
                break;
            default:
                top.Add(("data", body));
                top.Add((Escape("data"), body));
                break;
        }

        Shuffle(top);
        Add("envelope-fault", Encoding.UTF8.GetBytes(Render(top, out _, out _)), binary: false, CorpusOutcome.Rejected, contractType: TypeOf(contract), discriminator: contract);
    }

    private void Ignorable()
    {
        var (contract, props, _, _) = GoodContract();
        string json;
        switch (_random.Next(5))
        {
            case 0:
                json = Render(Shape(Pick("unknown-kind", "CHAT", "chat ", "\u00e7hat", ""), props), out _, out _);
                break;
            case 1:
                json = _envelope ? Render([("data", RenderObject(props))], out _, out _) : Render(props, out _, out _);
                break;
            case 2:
                var shape = Shape(contract, props);
                var index = shape.FindIndex(p => p.Name == _disc);
                shape[index] = (char.ToUpperInvariant(_disc[0]) + _disc[1..], shape[index].Value);
                json = Render(shape, out _, out _);
                break;
            case 3:
                // An unknown discriminator with a broken body: the typed layer ignores unknown kinds (raw listeners only).
                var broken = Shape("unknown-kind", props);
                broken.RemoveAll(p => p.Name == _disc);
                broken.Insert(0, (_disc, "\"unknown-kind\""));
                json = Render(broken, out _, out _) + " trailing";
                break;
            default:
                json = "{\"" + _disc + "\":\"unknown-kind\",\"deep\":" + new string('[', 100) + new string(']', 100) + "}";
                break;
        }

        Add("ignorable", Encoding.UTF8.GetBytes(json), binary: false, CorpusOutcome.Ignored);
    }

    private (string Contract, List<(string Name, string Value)> Props, object Expected, int Seq) GoodContract()
        => _random.Next(3) switch
        {
            0 => GoodChat(),
            1 => GoodTicket(),
            _ => GoodMeasurement(),
        };

    private (string, List<(string Name, string Value)>, object, int) GoodChat()
    {
        var seq = ++_seq;
        var user = Pick(s_words);
        var text = _random.Next(20) == 0 ? new string('x', 1 + _random.Next(8192)) : Pick(s_words);
        var props = new List<(string Name, string Value)> { ("user", Str(user)), ("text", Str(text)), ("seq", Num(seq)) };
        return ("chat", Extras(props), new ChatMessage(user, text, seq), seq);
    }

    private (string, List<(string Name, string Value)>, object, int) GoodTicket()
    {
        var seq = ++_seq;
        var id = "t-" + seq.ToString(CultureInfo.InvariantCulture);
        var priority = _random.Next(2) == 0 ? _random.Next(-5, 100) : 0;
        var props = new List<(string Name, string Value)> { ("id", Str(id)), ("seq", Num(seq)) };
        if (priority != 0 || _random.Next(2) == 0)
        {
            props.Add(("priority", _random.Next(4) == 0 ? Quote(priority.ToString(CultureInfo.InvariantCulture)) : Num(priority)));
        }

        return ("ticket", Extras(props), new Ticket { Id = id, Seq = seq, Priority = priority }, seq);
    }

    private (string, List<(string Name, string Value)>, object, int) GoodMeasurement()
    {
        var seq = ++_seq;
        var count = _random.NextInt64(long.MinValue, long.MaxValue);
        var ratio = Pick(s_ratios);
        var level = (byte)_random.Next(256);
        var props = new List<(string Name, string Value)>
        {
            ("seq", Num(seq)),
            ("count", count.ToString(CultureInfo.InvariantCulture)),
            ("ratio", ratio.ToString("R", CultureInfo.InvariantCulture)),
            ("level", Num(level)),
        };
        return ("measure", Extras(props), new Measurement(seq, count, ratio, level), seq);
    }

    // Unknown properties a good message may carry, including "$type", which must not pick the .NET type.
    private List<(string Name, string Value)> Extras(List<(string Name, string Value)> props)
    {
        if (_random.Next(4) == 0)
        {
            props.Add(Pick(
                ("$type", "\"TypedWebSockets.Reliability.Tests.Dog, Reliability.Tests\""),
                ("extra", "{\"nested\":[1,2,{\"x\":null}],\"s\":\"\\u00e9\"}"),
                ("unknownNumber", "1e400"),
                ("$id", "\"1\""),
                ("\u00e9t\u00e9", "true")));
        }

        return props;
    }

    // The message's top-level properties: the discriminator beside the contract's (flat) or beside "data" (envelope).
    private List<(string Name, string Value)> Shape(string discriminator, List<(string Name, string Value)> props)
    {
        List<(string Name, string Value)> top;
        if (_envelope)
        {
            Shuffle(props);
            top = [("data", RenderObject(props))];
            if (_random.Next(8) == 0)
            {
                top.Add(("meta", "{\"at\":1}"));
            }
        }
        else
        {
            top = new List<(string Name, string Value)>(props);
        }

        top.Insert(_random.Next(top.Count + 1), (_disc, Quote(discriminator)));
        Shuffle(top, keep: _disc);
        return top;
    }

    private const string FaultMarker = "\u0001FAULT\u0001";

    private static string Fault(string value) => FaultMarker + value;

    // Renders the top-level object; reports where the first discriminator's value ends (when it is a string) and where
    // the marked fault starts, as character indexes into the result (from which the marker is removed).
    private string Render(List<(string Name, string Value)> top, out int discEnd, out int faultIndex)
    {
        var builder = new StringBuilder();
        builder.Append('{');
        discEnd = int.MaxValue;
        faultIndex = int.MaxValue;
        var discSeen = false;
        for (var i = 0; i < top.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var (name, value) = top[i];
            builder.Append(Space()).Append(NameJson(name)).Append(Space()).Append(':').Append(Space());
            var marker = value.IndexOf(FaultMarker, StringComparison.Ordinal);
            if (marker >= 0)
            {
                faultIndex = Math.Min(faultIndex, builder.Length + marker);
                value = value.Remove(marker, FaultMarker.Length);
            }

            if (!discSeen && (name == _disc || name == Escape(_disc)))
            {
                discSeen = true;
                if (value.StartsWith('"'))
                {
                    discEnd = builder.Length + value.Length;
                }
            }

            builder.Append(value).Append(Space());
        }

        return builder.Append('}').ToString();
    }

    // Renders an object as a value (markers inside are kept for the enclosing Render).
    private string RenderObject(List<(string Name, string Value)> props)
    {
        var builder = new StringBuilder();
        builder.Append('{');
        for (var i = 0; i < props.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(Space()).Append(NameJson(props[i].Name)).Append(Space()).Append(':').Append(Space()).Append(props[i].Value).Append(Space());
        }

        return builder.Append('}').ToString();
    }

    // Names given already escaped (\u0074ype) are written as they are; others are quoted.
    private static string NameJson(string name) => name.StartsWith('\\') ? "\"" + name + "\"" : Quote(name);

    // Valid JSON that is not a valid contract: only the deserializer can tell, so the contract is always known.
    private void AddSemantic(string @class, string contract, List<(string Name, string Value)> props)
        => Add(@class, Encoding.UTF8.GetBytes(Render(Shape(contract, props), out _, out _)), binary: false, CorpusOutcome.Rejected, contractType: TypeOf(contract), discriminator: contract);

    // A syntax fault: reported with the contract when it lies after the discriminator, without when before.
    private void AddShaped(string @class, string contract, List<(string Name, string Value)> props)
    {
        var json = Render(Shape(contract, props), out var discEnd, out var faultIndex);
        AddFault(@class, Encoding.UTF8.GetBytes(json), binary: false, contract, Encoding.UTF8.GetByteCount(json.AsSpan(0, Math.Min(faultIndex, json.Length))), Encoding.UTF8.GetByteCount(json.AsSpan(0, Math.Min(discEnd, json.Length))));
    }

    // A fault after the discriminator is reported with the contract; a fault before it, without.
    private void AddFault(string @class, byte[] payload, bool binary, string contract, int faultIndex, int discEndByte)
    {
        var known = faultIndex >= discEndByte;
        Add(@class, payload, binary, CorpusOutcome.Rejected, contractType: known ? TypeOf(contract) : null, discriminator: known ? contract : null);
    }

    private void Add(string @class, byte[] payload, bool binary, CorpusOutcome outcome, object? expected = null, Type? contractType = null, string? discriminator = null)
        => Entries.Add(new CorpusEntry(Entries.Count, @class, payload, binary || !IsValidUtf8(payload), outcome, expected, contractType, discriminator));

    private static Type TypeOf(string contract) => contract switch
    {
        "chat" => typeof(ChatMessage),
        "ticket" => typeof(Ticket),
        _ => typeof(Measurement),
    };

    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static string Quote(string value) => JsonSerializer.Serialize(value, s_escaped);

    private static string Escape(string name) => string.Concat(name.Select(c => $"\\u{(int)c:x4}"));

    private string Str(string value) => JsonSerializer.Serialize(value, _random.Next(2) == 0 ? s_escaped : s_raw);

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private string Space() => _random.Next(6) switch
    {
        0 => " ",
        1 => "\n\t ",
        _ => "",
    };

    private static void Replace(List<(string Name, string Value)> props, string name, string value)
    {
        var index = props.FindIndex(p => p.Name == name);
        if (index < 0)
        {
            props.Add((name, value));
        }
        else
        {
            props[index] = (name, value);
        }
    }

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];

    private void Shuffle<T>(List<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    // Shuffles, keeping the discriminator where Shape put it (its position is already random).
    private void Shuffle(List<(string Name, string Value)> list, string keep)
    {
        var index = list.FindIndex(p => p.Name == keep);
        var item = list[index];
        list.RemoveAt(index);
        Shuffle(list);
        list.Insert(index, item);
    }
}
