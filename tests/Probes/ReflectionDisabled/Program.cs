// Constructs a reflection-mode generated client in a process where reflection-based System.Text.Json is disabled,
// as under NativeAOT, and prints what happened: the exception's type and message, or that it was constructed.
// ReflectionDisabledTests (tests/Protocols.Tests) runs it.

using System;
using TypedWebSockets;

try
{
    using var client = new ProbeClient("ws://127.0.0.1:9/", new WebSocketOptions { AutoConnect = false });
    Console.WriteLine("constructed");
}
catch (Exception ex)
{
    Console.WriteLine(ex.GetType().FullName);
    Console.WriteLine(ex.Message);
}

[WebSocketClient]
[Sends<Ping>("ping")]
[Receives<Ping>("ping")]
internal sealed partial class ProbeClient;

internal sealed record Ping(int Sequence);
