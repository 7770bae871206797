using System;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace TypedWebSockets.Samples.Chat;

/// <summary>
/// Two generated chat clients, ada and grace, talk through a chat server: they join #lobby, say one thing each, and
/// leave. Each client's handlers run on that client's own thread, so the two clients' lines would interleave
/// differently from run to run if the handlers printed them. Instead every line a client receives goes to its inbox,
/// in the order it arrived, and the conversation prints the inboxes after each step, ada's first: the same output on
/// every run, and nothing left out (lines nobody expected are printed too, at the end).
/// </summary>
internal static class ChatDemo
{
    public static async Task<bool> RunAsync(string url, TextWriter output, TimeSpan timeout)
    {
        await using var ada = new ChatUser("ada", url);
        await ada.PrintNextAsync(output, timeout);           // * ada joined #lobby

        await using var grace = new ChatUser("grace", url);
        await ada.PrintNextAsync(output, timeout);           // * grace joined #lobby
        await grace.PrintNextAsync(output, timeout);         // * grace joined #lobby

        await ada.Client.SendAsync(new SendChat("Hello, Grace! Typed messages, no strings attached."));
        await ada.PrintNextAsync(output, timeout);           // the server sends what is said to everyone in the room
        await grace.PrintNextAsync(output, timeout);

        await grace.Client.SendAsync(new SendChat("Hi Ada! And the compiler checks the contract."));
        await ada.PrintNextAsync(output, timeout);
        await grace.PrintNextAsync(output, timeout);

        await ada.Client.CloseAsync(1000, "bye").WaitAsync(timeout);
        await grace.PrintNextAsync(output, timeout);         // * ada left #lobby
        await grace.Client.CloseAsync(1000, "bye").WaitAsync(timeout);

        ada.PrintRest(output);
        grace.PrintRest(output);
        output.WriteLine($"ada closed cleanly: {ada.Client.WasClean} ({ada.Client.CloseCode}); grace closed cleanly: {grace.Client.WasClean} ({grace.Client.CloseCode})");
        return ada.Client.WasClean && grace.Client.WasClean;
    }

    /// <summary>A <see cref="ChatClient"/> that joins #lobby when it opens and writes what it receives to its inbox.</summary>
    private sealed class ChatUser : IAsyncDisposable
    {
        private readonly Channel<string> _inbox = Channel.CreateUnbounded<string>();
        private readonly string _prefix;

        public ChatUser(string name, string url)
        {
            _prefix = $"[{name}]".PadRight(8);
            Client = new ChatClient(url)
            {
                OnUserJoined = joined => Receive($"* {joined.User} joined #{joined.Room}"),
                OnChatMessage = message => Receive($"{message.User}: {message.Text}"),
                OnUserLeft = left => Receive($"* {left.User} left #{left.Room}"),
                OnError = error => Receive($"error: {error.Message}"),
            };
            Client.OnOpen = () => Client.Send(new JoinRoom("lobby", name));
        }

        public ChatClient Client { get; }

        /// <summary>Waits for the next line this client received and prints it.</summary>
        public async Task PrintNextAsync(TextWriter output, TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            string line;
            try
            {
                line = await _inbox.Reader.ReadAsync(cancel.Token);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"{_prefix.TrimEnd()} received nothing within {timeout.TotalSeconds} s.");
            }

            output.WriteLine(_prefix + line);
        }

        /// <summary>Prints whatever this client received beyond the lines the conversation waited for.</summary>
        public void PrintRest(TextWriter output)
        {
            while (_inbox.Reader.TryRead(out var line))
            {
                output.WriteLine(_prefix + line + "   (unexpected)");
            }
        }

        public ValueTask DisposeAsync() => Client.DisposeAsync();

        private void Receive(string line) => _inbox.Writer.TryWrite(line);
    }
}
