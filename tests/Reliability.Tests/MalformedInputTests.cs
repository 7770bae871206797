using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;
using ClientSocket = TypedWebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests;

[Collection(nameof(SequentialCollection))]
public sealed class MalformedInputTests
{
    private const int CorpusSize = 10_000;

    [Theory]
    [InlineData(false, 20260507)]
    [InlineData(true, 20260508)]
    public async Task Every_malformed_message_of_a_seeded_corpus_is_reported_once_and_every_good_one_arrives_in_order(bool envelope, int seed)
    {
        var corpus = MessageCorpus.Generate(seed, CorpusSize, envelope);
        var mark = UnobservedTaskExceptions.Mark();
        await using var server = await KestrelServer.StartAsync(async (context, socket) =>
        {
            foreach (var entry in corpus.Entries)
            {
                await socket.SendAsync(entry.Payload, entry.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            }

            await socket.SendAsync(corpus.Sentinel(), WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            await KestrelServer.AnswerCloseAsync(socket, context.RequestAborted);
        });

        var run = await RunCorpusAsync(server.Url(), envelope, corpus);

        Assert.Empty(server.Faults);
        Assert.Equal(corpus.Entries.Count + 1, run.RawMessages);
        Assert.Equal(1000, run.CloseCode);
        Assert.True(run.WasClean, "The connection must survive the corpus and close cleanly.");

        var clientType = envelope ? typeof(TypedEnvelopeClient) : typeof(TypedClient);
        var byMessage = run.Observed.ToLookup(o => o.MessageIndex);
        var mismatches = new List<string>();
        foreach (var entry in corpus.Entries)
        {
            if (Mismatch(entry, byMessage[entry.Index].ToArray(), clientType) is { } problem)
            {
                mismatches.Add($"[{entry.Class}] #{entry.Index} {problem}\n    payload ({(entry.Binary ? "binary" : "text")}): {entry.Excerpt}");
            }
        }

        var stray = run.Observed.Where(o => o.MessageIndex < 0 || o.MessageIndex > corpus.Entries.Count).ToArray();
        Assert.True(stray.Length == 0, $"{stray.Length} event(s) outside any message's dispatch: {string.Join("; ", stray.Select(s => s.ToString()))}");
        var summary = string.Join(", ", corpus.Entries.GroupBy(e => e.Class).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        Assert.True(
            mismatches.Count == 0,
            $"Seed {seed} ({(envelope ? "envelope" : "flat")} format): {mismatches.Count} of {corpus.Entries.Count} messages were not handled as expected. Corpus: {summary}.\n"
            + string.Join("\n", mismatches.GroupBy(m => m[..m.IndexOf(']', StringComparison.Ordinal)]).SelectMany(g => g.Take(4))));

        var faults = corpus.Entries.Count(e => e.Outcome is CorpusOutcome.Rejected or CorpusOutcome.HandlerThrows);
        Assert.True(faults > CorpusSize / 3, $"The corpus should be mostly hostile; it has {faults} faults.");
        SuiteFigures.CasesTried(corpus.Entries.Count);
        SuiteFigures.FaultsSurvived(faults);
        SuiteFigures.MessagesMoved(corpus.Entries.Count + 1);
        UnobservedTaskExceptions.AssertNoneSince(mark, server.Url());
    }

    private static string? Mismatch(CorpusEntry entry, Observation[] seen, Type clientType)
    {
        string Saw() => seen.Length == 0 ? "nothing" : string.Join("; ", seen.Select(s => s.ToString()));
        switch (entry.Outcome)
        {
            case CorpusOutcome.Ignored:
                return seen.Length == 0 ? null : $"expected no typed event and no error, saw {Saw()}";

            case CorpusOutcome.Delivered:
                return seen.Length == 1 && seen[0].Value is { } value && SameMessage(entry.Expected!, value)
                    ? null
                    : $"expected delivery of {Describe(entry.Expected)}, saw {Saw()}";

            case CorpusOutcome.HandlerThrows:
                return seen.Length == 2 && seen[0].Value is { } thrown && SameMessage(entry.Expected!, thrown)
                    && seen[1].Error is HandlerFault fault && fault.Seq == ((Measurement)entry.Expected!).Seq
                    ? null
                    : $"expected delivery of {Describe(entry.Expected)} then its HandlerFault, saw {Saw()}";

            default:
                if (seen.Length != 1 || seen[0].Error is not MessageContractException error)
                {
                    return $"expected one MessageContractException (contract {entry.ContractType?.Name ?? "none"}, discriminator '{entry.Discriminator}'), saw {Saw()}";
                }

                if (error.ContractType != entry.ContractType || error.Discriminator != entry.Discriminator || error.ClientType != clientType)
                {
                    return $"expected contract {entry.ContractType?.Name ?? "none"} and discriminator '{entry.Discriminator}', saw contract {error.ContractType?.Name ?? "none"} and discriminator '{error.Discriminator}': {error.Message}";
                }

                return error.Message.Contains(clientType.Name, StringComparison.Ordinal) && error.Message.Contains("could not read", StringComparison.Ordinal)
                    ? null
                    : $"the error does not name the client and a reason: {error.Message}";
        }
    }

    private static bool SameMessage(object expected, object actual) => (expected, actual) switch
    {
        (Ticket e, Ticket a) => e.Id == a.Id && e.Seq == a.Seq && e.Priority == a.Priority,
        _ => expected.Equals(actual),
    };

    private static string Describe(object? message) => message switch
    {
        Ticket t => $"Ticket {{ Id = {t.Id}, Seq = {t.Seq}, Priority = {t.Priority} }}",
        _ => message?.ToString() ?? "null",
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<CorpusRun> RunCorpusAsync(string url, bool envelope, MessageCorpus corpus)
    {
        var observed = new List<Observation>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = -1;
        var raw = 0;

        // Handlers run one at a time (the dispatch lock), so this state needs no lock; the raw listener runs first for
        // every message, which attributes each typed event and error to the message being dispatched.
        void OnRaw(WebSocketMessage message)
        {
            raw++;
            current++;
        }

        void OnTyped(object message, int seq)
        {
            if (seq == -1)
            {
                done.TrySetResult();
                return;
            }

            observed.Add(new Observation(current, message, null));
            if (message is Measurement && seq % 5 == 0)
            {
                throw new HandlerFault(seq);
            }
        }

        void OnError(Exception error) => observed.Add(new Observation(current, null, error));

        // AutoConnect off: the raw listener must be in place before the first message is dispatched.
        var options = new WebSocketOptions { ConnectTimeout = TimeSpan.FromSeconds(15), AutoConnect = false };
        ClientSocket client = envelope
            ? new TypedEnvelopeClient(url, options)
            {
                OnError = OnError,
                OnChatMessage = m => OnTyped(m, m.Seq),
                OnTicket = m => OnTyped(m, m.Seq),
                OnMeasurement = m => OnTyped(m, m.Seq),
            }
            : new TypedClient(url, options)
            {
                OnError = OnError,
                OnChatMessage = m => OnTyped(m, m.Seq),
                OnTicket = m => OnTyped(m, m.Seq),
                OnMeasurement = m => OnTyped(m, m.Seq),
            };
        try
        {
            client.AddEventListener(WebSocketEvent.Message, OnRaw);
            client.Connect();
            await done.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await client.CloseAsync(1000, "corpus done").WaitAsync(TimeSpan.FromSeconds(20));
            return new CorpusRun(observed.ToArray(), raw, client.CloseCode, client.WasClean);
        }
        finally
        {
            client.Dispose();
        }
    }

    private sealed record Observation(int MessageIndex, object? Value, Exception? Error)
    {
        public override string ToString() => Value is not null
            ? $"delivered {Describe(Value)}"
            : $"error {Error!.GetType().Name}{(Error is MessageContractException m ? $" (contract {m.ContractType?.Name ?? "none"}, discriminator '{m.Discriminator}')" : "")}: {Error.Message}";
    }

    private sealed record CorpusRun(Observation[] Observed, int RawMessages, int? CloseCode, bool WasClean);
}
