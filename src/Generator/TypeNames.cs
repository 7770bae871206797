namespace TypedWebSockets.Generator;

/// <summary>Names of the runtime types the generator reads (metadata names) and writes (global-qualified names).</summary>
internal static class TypeNames
{
    public const string WebSocketClientAttribute = "TypedWebSockets.WebSocketClientAttribute";
    public const string SendsAttribute = "TypedWebSockets.SendsAttribute`1";
    public const string ReceivesAttribute = "TypedWebSockets.ReceivesAttribute`1";
    public const string RequestsAttribute = "TypedWebSockets.RequestsAttribute`2";
    public const string SubscribesAttribute = "TypedWebSockets.SubscribesAttribute`2";
    public const string SendsPropertyAttribute = "TypedWebSockets.SendsPropertyAttribute";
    public const string WebSocket = "TypedWebSockets.WebSocket";
    public const string WebSocketOptions = "TypedWebSockets.WebSocketOptions";
    public const string Data = "TypedWebSockets.Data";
    public const string JsonSerializerContext = "System.Text.Json.Serialization.JsonSerializerContext";
    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string RequiresUnreferencedCodeAttribute = "System.Diagnostics.CodeAnalysis.RequiresUnreferencedCodeAttribute";
    public const string RequiresDynamicCodeAttribute = "System.Diagnostics.CodeAnalysis.RequiresDynamicCodeAttribute";

    public const string GlobalWebSocket = "global::TypedWebSockets.WebSocket";
    public const string GlobalWebSocketOptions = "global::TypedWebSockets.WebSocketOptions";
    public const string GlobalIWebSocketClient = "global::TypedWebSockets.IWebSocketClient";
    public const string GlobalUri = "global::System.Uri";
    public const string GlobalWebSocketEvent = "global::TypedWebSockets.WebSocketEvent";
    public const string GlobalMessageFormat = "global::TypedWebSockets.Messaging.MessageFormat";
    public const string GlobalMessageContract = "global::TypedWebSockets.Messaging.MessageContract";
    public const string GlobalRequestContract = "global::TypedWebSockets.Messaging.RequestContract";
    public const string GlobalSubscriptionContract = "global::TypedWebSockets.Messaging.SubscriptionContract";
    public const string GlobalCorrelationOptions = "global::TypedWebSockets.Messaging.CorrelationOptions";
    public const string GlobalCorrelatedContractOptions = "global::TypedWebSockets.Messaging.CorrelatedContractOptions";
    public const string GlobalCorrelationIdFormat = "global::TypedWebSockets.CorrelationIdFormat";
    public const string GlobalAsyncEnumerable = "global::System.Collections.Generic.IAsyncEnumerable";
    public const string GlobalTask = "global::System.Threading.Tasks.Task";
    public const string GlobalTimeSpan = "global::System.TimeSpan";
    public const string GlobalMessageReader = "global::TypedWebSockets.Messaging.MessageReader";
    public const string GlobalMessageValue = "global::TypedWebSockets.Messaging.MessageValue";
    public const string GlobalMessageKind = "global::TypedWebSockets.Messaging.MessageKind";
    public const string GlobalMessageFormatOptions = "global::TypedWebSockets.Messaging.MessageFormatOptions";
    public const string GlobalMessageProperty = "global::TypedWebSockets.Messaging.MessageProperty";
    public const string GlobalJsonKnownNamingPolicy = "global::System.Text.Json.Serialization.JsonKnownNamingPolicy";
    public const string GlobalJsonNumberHandling = "global::System.Text.Json.Serialization.JsonNumberHandling";
    public const string GlobalAction = "global::System.Action";
    public const string GlobalReadOnlySpan = "global::System.ReadOnlySpan";
    public const string GlobalValueTask = "global::System.Threading.Tasks.ValueTask";
    public const string GlobalCancellationToken = "global::System.Threading.CancellationToken";
    public const string GlobalGeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";
    public const string GlobalRequiresUnreferencedCode = "global::System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode";
    public const string GlobalRequiresDynamicCode = "global::System.Diagnostics.CodeAnalysis.RequiresDynamicCode";
}
