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
        DiagnosticDescriptors.NestedRequestPath,
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

        var clientAccessibility = EffectiveAccessibility.Narrowest(client.Symbol);
        var types = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
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

            if (!types.Add(request.RequestType))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateContract,
                    request.Location,
                    request.RequestTypeDisplay,
                    "as the request type of the Requests",
                    client.DisplayName,
                    $"RequestAsync({request.RequestTypeDisplay}, TimeSpan?, CancellationToken)",
                    request.AttributeDisplay));
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

        var requestTypes = new List<ITypeSymbol>(requests.Length);
        foreach (var request in requests)
        {
            requestTypes.Add(request.RequestType);
        }

        foreach (var (index, member) in MemberCollisions.FindRequestCollisions(client.Symbol, requestTypes, known.CancellationToken, stopAtFirst: false))
        {
            var request = requests[index];
            if (member is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType,
                    MemberConflictAnalyzer.ClientNameLocation(client, context),
                    client.DisplayName,
                    MemberCollisions.RequestAsyncName,
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
                        ? $"the method 'RequestAsync({request.RequestType.ToDisplayString()}, TimeSpan?, CancellationToken)' for [{request.AttributeDisplay}]"
                        : $"the 'RequestAsync' methods of its [Requests]",
                    client.DisplayName));
            }
        }
    }

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

    // TWS0031 and TWS0041, by the generator's rules (ClientSkipReason.RequestPropertyCollision, NestedRequestPath).
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

        if (collisions.Count == 0 && WireRules.FindNestedRequestPath(wire) is var (nestedProperty, nestedPath))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.NestedRequestPath, client.NamedArgumentLocation(nestedProperty), client.DisplayName, nestedProperty, nestedPath.Text));
        }
    }
}
