using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks a client's <c>[Requests&lt;TRequest, TResponse&gt;]</c> by the generator's own rules, with the diagnostics of
/// the same problems on <c>[Sends]</c>/<c>[Receives]</c>: unsupported (TWS0011) or less accessible (TWS0014) request or
/// response types, blank (TWS0019) or ill-formed (TWS0026) discriminators, a request type used twice (TWS0007), and a
/// <c>RequestAsync</c> that clashes with a user member (TWS0009) or the client's name (TWS0025). Besides, the misuses
/// of requests themselves: a request discriminator used twice (TWS0029), a response discriminator that a received
/// contract also has (TWS0030), and a correlation id or error property named like another wire property (TWS0031).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RequestsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnsupportedContractType,
        DiagnosticDescriptors.ContractLessAccessibleThanClient,
        DiagnosticDescriptors.EmptyWireName,
        DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
        DiagnosticDescriptors.DuplicateContract,
        DiagnosticDescriptors.DuplicateRequestDiscriminator,
        DiagnosticDescriptors.ResponseDiscriminatorAlsoReceived,
        DiagnosticDescriptors.RequestPropertySharesName,
        DiagnosticDescriptors.IllFormedPath,
        DiagnosticDescriptors.RepliesInBatchesNotMatched,
        DiagnosticDescriptors.ContractEnvelopeOverlapsDiscriminator,
        DiagnosticDescriptors.SubscriptionKindsOverlap,
        DiagnosticDescriptors.RequestWithoutKind,
        DiagnosticDescriptors.CorrelatedPathOverlapsCorrelationId,
        DiagnosticDescriptors.MemberConflictsWithGeneratedMember,
        DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ClientAnalysis.Register(context, AnalyzeClient);
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        var requests = client.Requests;
        if (requests.IsEmpty)
        {
            return;
        }

        AnalyzePropertyNames(context, client);
        if (client.Declaration.Batches)
        {
            var subscribes = false;
            var requestsToo = false;
            foreach (var request in requests)
            {
                subscribes |= request.Declaration.IsSubscription;
                requestsToo |= !request.Declaration.IsSubscription;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RepliesInBatchesNotMatched,
                client.NamedArgumentLocation("Batches"),
                client.DisplayName,
                requestsToo && subscribes ? "[Requests] and [Subscribes]" : subscribes ? "[Subscribes]" : "[Requests]"));
        }

        var clientAccessibility = EffectiveAccessibility.Narrowest(client.Symbol);
        var types = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var subscriptionTypes = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var discriminators = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var contract in client.Contracts)
        {
            // A request carries its kind at the client's Discriminator, so only sent contracts that do too can share it.
            if (contract.Direction == MessageDirection.Sends && WritesKindWhereRequestsDo(contract, client) && !discriminators.ContainsKey(contract.Discriminator))
            {
                discriminators.Add(contract.Discriminator, contract.AttributeDisplay);
            }
        }

        foreach (var request in requests)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var (type, role) in new[] { (request.RequestType, "request"), (request.ResponseType, "response") })
            {
                var display = type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();
                if (!ContractTypeRules.IsUsableContractType(type))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnsupportedContractType,
                        request.Location,
                        display,
                        role,
                        client.DisplayName,
                        ContractTypeAnalyzer.UnsupportedReason(type) ?? "System.Text.Json cannot serialize it",
                        ContractTypeAnalyzer.ConcreteTypeFix));
                }
                else if (!AccessibilityDomain.IsVisibleWhereverClientMembersAre(type, client.Symbol))
                {
                    var accessibility = EffectiveAccessibility.Narrowest(type);
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ContractLessAccessibleThanClient,
                        request.Location,
                        display,
                        EffectiveAccessibility.Describe(accessibility),
                        client.DisplayName,
                        EffectiveAccessibility.Describe(clientAccessibility),
                        ContractTypeAnalyzer.AccessibilityFix(display, accessibility.Accessibility, client.DisplayName, clientAccessibility.Accessibility)));
                }
            }

            if (request.ExplicitDiscriminator is { } explicitDiscriminator)
            {
                if (NamingRules.IsBlank(explicitDiscriminator))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.EmptyWireName,
                        request.Location,
                        $"discriminator value of {request.AttributeDisplay}",
                        client.DisplayName,
                        $"Pass a non-blank discriminator, or remove the argument to use the default '{request.DefaultDiscriminator}'"));
                    continue;
                }

                if (TypedWebSockets.Messaging.WireSyntax.IndexOfUnpairedSurrogate(explicitDiscriminator) is var index and >= 0)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
                        request.Location,
                        "discriminator",
                        request.AttributeDisplay,
                        client.DisplayName,
                        ((int)explicitDiscriminator[index]).ToString("X4", CultureInfo.InvariantCulture),
                        index));
                    continue;
                }
            }

            if (!AnalyzeOwnPaths(context, client, request))
            {
                continue;
            }

            if (!(request.Declaration.IsSubscription ? subscriptionTypes : types).Add(request.RequestType))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateContract,
                    request.Location,
                    request.RequestTypeDisplay,
                    request.Declaration.IsSubscription ? "as the request type of the Subscribes" : "as the request type of the Requests",
                    client.DisplayName,
                    request.Declaration.MethodDisplay,
                    request.AttributeDisplay));
                continue;
            }

            if (request.Declaration.ExplicitNumber is not null)
            {
                // A number kind cannot be mistaken for the string kinds of sent contracts.
                AnalyzeResponseDiscriminator(context, client, request);
                continue;
            }

            if (discriminators.TryGetValue(request.Discriminator, out var first))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateRequestDiscriminator, request.Location, request.AttributeDisplay, client.DisplayName, request.Discriminator, first));
            }
            else
            {
                discriminators.Add(request.Discriminator, request.AttributeDisplay);
            }

            AnalyzeResponseDiscriminator(context, client, request);
        }

        var declarations = new List<Declarations.RequestDeclaration>(requests.Length);
        foreach (var request in requests)
        {
            declarations.Add(request.Declaration);
        }

        foreach (var (index, member) in MemberCollisions.FindRequestCollisions(client.Symbol, declarations, known.CancellationToken, stopAtFirst: false))
        {
            var request = requests[index];
            if (member is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType,
                    MemberConflictAnalyzer.ClientNameLocation(client, context),
                    client.DisplayName,
                    request.Declaration.MethodName,
                    request.AttributeDisplay,
                    "Rename the client"));
            }
            else if (MemberConflictAnalyzer.SourceLocation(member) is { } location)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MemberConflictsWithGeneratedMember,
                    location,
                    member.ToDisplayString(MemberConflictAnalyzer.s_memberFormat),
                    member is IMethodSymbol
                        ? request.Declaration.IsSubscription
                            ? $"the method 'SubscribeAsync({request.RequestType.ToDisplayString()}, CancellationToken)' for [{request.AttributeDisplay}]"
                            : $"the method 'RequestAsync({request.RequestType.ToDisplayString()}, TimeSpan?, CancellationToken)' for [{request.AttributeDisplay}]"
                        : request.Declaration.IsSubscription
                            ? "the 'SubscribeAsync' methods of its [Subscribes]"
                            : "the 'RequestAsync' methods of its [Requests]",
                    client.DisplayName));
            }
        }
    }

    // The pair's own paths and reply kinds, by the generator's rules (CorrelatedRules): TWS0019, TWS0026, TWS0033,
    // TWS0036, TWS0045, TWS0046, TWS0047. Returns false when one was reported (the pair is not checked further).
    private static bool AnalyzeOwnPaths(SymbolAnalysisContext context, ClientInfo client, RequestInfo request)
    {
        if (client.Wire is not { } wire)
        {
            return true;
        }

        var declaration = request.Declaration;
        var problem = CorrelatedRules.Resolve(declaration, wire, out _, out var property, out var detail);
        if (problem == CorrelatedProblem.None)
        {
            return true;
        }

        var location = SyntaxLocations.NamedArgument(request.Syntax, property!)?.GetLocation() ?? request.Location;
        var value = ArgumentValue(declaration, property!);
        var on = $"{request.AttributeDisplay} on '{client.DisplayName}'";
        context.ReportDiagnostic(problem switch
        {
            CorrelatedProblem.BlankPath => Diagnostic.Create(
                DiagnosticDescriptors.EmptyWireName, location, $"{property} of {request.AttributeDisplay}", client.DisplayName,
                $"Set {property} to a path, \"\" for the whole message, or remove it to use the client's"),
            CorrelatedProblem.IllFormedPath => Diagnostic.Create(DiagnosticDescriptors.IllFormedPath, location, property, value, on, detail),
            CorrelatedProblem.RequestWithoutKind => Diagnostic.Create(DiagnosticDescriptors.RequestWithoutKind, location, request.AttributeDisplay, client.DisplayName),
            CorrelatedProblem.EnvelopeOverlapsKind => Diagnostic.Create(
                DiagnosticDescriptors.ContractEnvelopeOverlapsDiscriminator, location, value, request.AttributeDisplay, client.DisplayName,
                "the same as or inside", declaration.DiscriminatorProperty ?? wire.Discriminator.Text),
            CorrelatedProblem.PathOverlapsCorrelationId => Diagnostic.Create(
                DiagnosticDescriptors.CorrelatedPathOverlapsCorrelationId, location, property, value, request.AttributeDisplay, client.DisplayName,
                property == "Envelope" ? "is or lies inside" : "is, holds or lies inside", client.CorrelationId),
            CorrelatedProblem.BlankKind => Diagnostic.Create(
                DiagnosticDescriptors.EmptyWireName, location, $"{property} of {request.AttributeDisplay}", client.DisplayName,
                $"Set {property} to the kind's value, or remove it"),
            CorrelatedProblem.KindNotUnicode => Diagnostic.Create(
                DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode, location, property, request.AttributeDisplay, client.DisplayName,
                ((int)value![int.Parse(detail!, CultureInfo.InvariantCulture)]).ToString("X4", CultureInfo.InvariantCulture), detail),
            _ => Diagnostic.Create(
                DiagnosticDescriptors.SubscriptionKindsOverlap, location, property, request.AttributeDisplay, client.DisplayName, value, detail,
                detail == "ErrorDiscriminator"
                    ? $"a message of that kind fails the subscription and is never {(property == "ItemDiscriminator" ? "an item" : "its completion")}"
                    : "a message of that kind ends the subscription and is never an item"),
        });
        return false;
    }

    private static string? ArgumentValue(Declarations.RequestDeclaration declaration, string property) => property switch
    {
        "DiscriminatorProperty" => declaration.DiscriminatorProperty,
        "Envelope" => declaration.Envelope,
        "ResponseEnvelope" => declaration.ResponseEnvelope,
        "ItemEnvelope" => declaration.ItemEnvelope,
        "ErrorDiscriminator" => declaration.ErrorDiscriminator,
        "ItemDiscriminator" => declaration.ItemDiscriminator,
        "CompleteDiscriminator" => declaration.CompleteDiscriminator,
        _ => declaration.StopDiscriminator,
    };

    // TWS0030. The runtime offers every text message to the pending calls first (by correlation id, whatever its
    // discriminator) and dispatches the rest by discriminator: a shared discriminator makes the outcome depend on ids.
    private static void AnalyzeResponseDiscriminator(SymbolAnalysisContext context, ClientInfo client, RequestInfo request)
    {
        foreach (var contract in client.Contracts)
        {
            if (contract.Direction == MessageDirection.Receives
                && WritesKindWhereRequestsDo(contract, client)
                && string.Equals(contract.Discriminator, request.ResponseDiscriminator, StringComparison.Ordinal))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ResponseDiscriminatorAlsoReceived,
                    request.ResponseDiscriminatorLocation,
                    request.AttributeDisplay,
                    client.DisplayName,
                    request.ResponseDiscriminator,
                    contract.AttributeDisplay,
                    client.CorrelationId,
                    contract.Stem,
                    contract.TypeDisplay));
                return;
            }
        }
    }

    // A contract whose kind is a string at the client's Discriminator, where requests and replies carry theirs.
    private static bool WritesKindWhereRequestsDo(ContractInfo contract, ClientInfo client)
        => contract.Wire is { } wire && client.Wire is { } clientWire
           && wire.Kind.Type == WireKindType.String && wire.KindPath.Equals(clientWire.Discriminator);

    // TWS0031, by the generator's rules (ClientSkipReason.RequestPropertyCollision).
    // Blank and ill-formed names are the ClientDeclarationAnalyzer's.
    private static void AnalyzePropertyNames(SymbolAnalysisContext context, ClientInfo client)
    {
        if (client.Wire is not { } wire)
        {
            return;
        }

        var collisions = WireRules.FindRequestPropertyCollisions(wire);
        foreach (var collision in collisions)
        {
            var (property, other, consequence) = collision switch
            {
                RequestPropertyCollision.CorrelationIdIsDiscriminator =>
                    ("CorrelationId", "Discriminator", "every request would write that property twice, once with its discriminator and once with its id"),
                RequestPropertyCollision.CorrelationIdIsEnvelope =>
                    ("CorrelationId", "Envelope", "every request would write that property twice, once with its id and once with the request"),
                RequestPropertyCollision.ErrorPropertyIsDiscriminator =>
                    ("ErrorProperty", "Discriminator", "every reply that carries a discriminator would be read as an error reply"),
                RequestPropertyCollision.ErrorPropertyIsEnvelope =>
                    ("ErrorProperty", "Envelope", "every reply that holds its response in the envelope would be read as an error reply"),
                _ =>
                    ("ErrorProperty", "CorrelationId", "an error reply would need that property twice, once with the id and once with the error"),
            };

            // At the argument that set the name, preferring the request property's (the other one may be a default).
            var location = SyntaxLocations.NamedArgument(client.Syntax, property)?.GetLocation() ?? client.NamedArgumentLocation(other);
            var name = property == "CorrelationId" ? client.CorrelationId : client.ErrorProperty;
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RequestPropertySharesName, location, property, client.DisplayName, name, other, consequence));
        }
    }
}
