using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Reliability.Tests;

/// <summary>
/// The one-pass reader of nested paths, number and pattern kinds, per-contract paths and batches against a seeded
/// hostile corpus (<see cref="ShapeCorpus"/>): every message (every element of a batch) reaches exactly one of its
/// typed handler, OnError (once) or OnUnhandledMessage (with its exact text), in order, and the connection survives.
/// </summary>
[Collection(nameof(SequentialCollection))]
public sealed class ShapeCorpusTests
{
    private const int Frames = 2_500;

    [Theory]
    [InlineData(20260601)]
    [InlineData(20260602)]
    public async Task Every_message_of_a_seeded_shape_corpus_reaches_exactly_one_handler_in_order(int seed)
    {
        var corpus = ShapeCorpus.Generate(seed, Frames);
        var mark = UnobservedTaskExceptions.Mark();
        await using var server = await KestrelServer.StartAsync(async (context, socket) =>
        {
            foreach (var frame in corpus.Frames)
            {
                await socket.SendAsync(frame.Payload, frame.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            }

            await socket.SendAsync(ShapeCorpus.Sentinel(), WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            await KestrelServer.AnswerCloseAsync(socket, context.RequestAborted);
        });

        var run = await RunAsync(server.Url());

        Assert.Empty(server.Faults);
        Assert.Equal(corpus.Frames.Count + 1, run.RawMessages);
        Assert.True(run.WasClean, "The connection must survive the corpus and close cleanly.");

        var byFrame = run.Observed.ToLookup(o => o.Frame);
        var mismatches = new List<string>();
        foreach (var frame in corpus.Frames)
        {
            if (Mismatch(frame.Expected, byFrame[frame.Index].ToArray()) is { } problem)
            {
                mismatches.Add($"[{frame.Class}] #{frame.Index} {problem}\n    payload ({(frame.Binary ? "binary" : "text")}): {frame.Excerpt}");
            }
        }

        var stray = run.Observed.Where(o => o.Frame < 0 || o.Frame > corpus.Frames.Count).ToArray();
        Assert.True(stray.Length == 0, $"{stray.Length} event(s) outside any frame's dispatch: {string.Join("; ", stray.Select(s => s.ToString()))}");
        var messages = corpus.Frames.Sum(f => f.Expected.Count);
        var summary = string.Join(", ", corpus.Frames.GroupBy(f => f.Class).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        Assert.True(
            mismatches.Count == 0,
            $"Seed {seed}: {mismatches.Count} of {corpus.Frames.Count} frames ({messages} messages) were not handled as expected. Frames: {summary}.\n"
            + string.Join("\n", mismatches.GroupBy(m => m[..m.IndexOf(']', StringComparison.Ordinal)]).SelectMany(g => g.Take(3))));

        var expected = corpus.Frames.SelectMany(f => f.Expected).ToArray();
        Assert.True(expected.Count(e => e is ShapeExpectation.Rejected) > messages / 10, "The corpus should be hostile.");
        Assert.Contains(corpus.Frames, f => f.Class == "batch-huge");
        SuiteFigures.CasesTried(messages);
        SuiteFigures.FaultsSurvived(expected.Count(e => e is ShapeExpectation.Rejected));
        SuiteFigures.MessagesMoved(corpus.Frames.Count + 1);
        UnobservedTaskExceptions.AssertNoneSince(mark, server.Url());
    }

    private static string? Mismatch(IReadOnlyList<ShapeExpectation> expected, Observation[] seen)
    {
        for (var i = 0; i < Math.Max(expected.Count, seen.Length); i++)
        {
            if (i >= expected.Count || i >= seen.Length)
            {
                return $"expected {expected.Count} event(s), saw {seen.Length}; from event {i}: expected {(i < expected.Count ? Describe(expected[i]) : "nothing")}, saw {(i < seen.Length ? seen[i].ToString() : "nothing")}";
            }

            var ok = (expected[i], seen[i]) switch
            {
                (ShapeExpectation.Delivered d, { Value: { } value }) => Same(d.Value, value),
                (ShapeExpectation.Unhandled u, { Unhandled: { } text }) => u.Text == text,
                (ShapeExpectation.Rejected r, { Error: MessageContractException error }) => error.ContractType == r.Contract && error.ClientType == typeof(ShapedClient),
                _ => false,
            };
            if (!ok)
            {
                return $"event {i} of {expected.Count}: expected {Describe(expected[i])}, saw {seen[i]}";
            }
        }

        return null;
    }

    private static bool Same(object expected, object actual) => (expected, actual) switch
    {
        (Ticket e, Ticket a) => e.Id == a.Id && e.Seq == a.Seq && e.Priority == a.Priority,
        _ => expected.Equals(actual),
    };

    private static string Describe(ShapeExpectation expectation) => expectation switch
    {
        ShapeExpectation.Delivered { Value: Ticket t } => $"delivered Ticket {{ Id = {t.Id}, Seq = {t.Seq}, Priority = {t.Priority} }}",
        ShapeExpectation.Delivered d => "delivered " + Shorten(d.Value.ToString()),
        ShapeExpectation.Unhandled u => "unhandled " + Shorten(u.Text),
        ShapeExpectation.Rejected r => $"error naming {r.Contract?.Name ?? "no contract"}",
        _ => expectation.ToString(),
    };

    private static string Shorten(string? text) => text is null || text.Length <= 120 ? text ?? "null" : text[..120] + $"... ({text.Length} chars)";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<Run> RunAsync(string url)
    {
        var observed = new List<Observation>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var frame = -1;
        var raw = 0;

        // Handlers run one at a time, and the raw listener runs first for every frame (once for a whole batch), so
        // each event is attributed to the frame being dispatched.
        void Typed(object message, int seq)
        {
            if (seq == -1)
            {
                done.TrySetResult();
                return;
            }

            observed.Add(new Observation(frame, message, null, null));
        }

        var options = new WebSocketOptions { ConnectTimeout = TimeSpan.FromSeconds(15), AutoConnect = false };
        using var client = new ShapedClient(url, options)
        {
            OnChatMessage = m => Typed(m, m.Seq),
            OnTicket = m => Typed(m, m.Seq),
            OnMeasurement = m => Typed(m, m.Seq),
            OnShapedBag = m => Typed(m, m.Seq),
            OnUnhandledMessage = m => observed.Add(new Observation(frame, null, m.Text ?? "(binary)", null)),
            OnError = e => observed.Add(new Observation(frame, null, null, e)),
        };
        client.AddEventListener(WebSocketEvent.Message, _ =>
        {
            raw++;
            frame++;
        });
        client.Connect();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(180));
        await client.CloseAsync(1000, "corpus done").WaitAsync(TimeSpan.FromSeconds(20));
        return new Run(observed.ToArray(), raw, client.WasClean);
    }

    private sealed record Observation(int Frame, object? Value, string? Unhandled, Exception? Error)
    {
        public override string ToString() => Value is not null
            ? "delivered " + (Value is Ticket t ? $"Ticket {{ Id = {t.Id}, Seq = {t.Seq}, Priority = {t.Priority} }}" : Shorten(Value.ToString()))
            : Unhandled is not null
                ? "unhandled " + Shorten(Unhandled)
                : $"error {Error!.GetType().Name}{(Error is MessageContractException m ? $" (contract {m.ContractType?.Name ?? "none"})" : "")}: {Error.Message}";
    }

    private sealed record Run(Observation[] Observed, int RawMessages, bool WasClean);
}
