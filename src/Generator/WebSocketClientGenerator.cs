using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator;

/// <summary>
/// Completes each <c>[WebSocketClient]</c> partial class as a typed <c>TypedWebSockets.WebSocket</c>:
/// constructors, <c>Send</c>/<c>SendAsync</c> per <c>[Sends&lt;T&gt;]</c>, <c>On{T}</c> and <c>Events.{T}</c> per
/// <c>[Receives&lt;T&gt;]</c>, and a dispatcher. One file per client; an invalid client gets none (the analyzers say why).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class WebSocketClientGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var clients = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TypeNames.WebSocketClientAttribute,
                static (_, _) => true,
                static (context, cancellationToken) => Parser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.ParseResults)
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => result.Spec!)
            .WithTrackingName(TrackingNames.Clients);

        context.RegisterSourceOutput(clients, static (context, client) => Emitter.Emit(context, client));
    }
}
