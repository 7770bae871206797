using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks each contract type: that System.Text.Json can write it (and, when received, create it), that it is as
/// accessible as the client, and that it fits the client's wire format.
/// </summary>
/// <remarks>
/// Contract property names are compared with the discriminator property case-insensitively: the reflection default
/// (<c>JsonSerializerOptions.Web</c>) and many servers read JSON property names case-insensitively, so <c>"Type"</c>
/// beside <c>"type"</c> is as ambiguous on the wire as two <c>"type"</c>s.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractTypeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnsupportedContractType,
        DiagnosticDescriptors.ReceivedContractHasNoUsableConstructor,
        DiagnosticDescriptors.SentContractSerializedByDeclaredType,
        DiagnosticDescriptors.ContractLessAccessibleThanClient,
        DiagnosticDescriptors.ContractPropertyConflictsWithDiscriminator,
        DiagnosticDescriptors.FlatContractIsNotJsonObject,
        DiagnosticDescriptors.ContractPropertyConflictsWithRequestProperty);

    internal const string ConcreteTypeFix = "Use a concrete class, record or struct instead";

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ClientAnalysis.Register(context, AnalyzeClient);
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        var shape = new JsonShape(known);
        var clientAccessibility = EffectiveAccessibility.Narrowest(client.Symbol);
        var namingOptions = shape.NamingOptions(client.JsonContext);
        var checkedTypes = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var unsupportedTypes = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var contract in client.Contracts)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var type = contract.Type;
            var direction = contract.Direction == ContractDirection.Sends ? "sent" : "received";

            // Reasons that hold whichever way the type travels are reported once, on its first attribute. The rule is
            // the generator's own; the reason only explains it.
            if (!WebSocketClientGenerator.Parser.IsUsableContractType(type))
            {
                var reason = UnsupportedReason(type) ?? "System.Text.Json cannot serialize it";
                if (unsupportedTypes.Add(type))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnsupportedContractType, contract.Location, contract.TypeDisplay, direction, client.DisplayName, reason, ConcreteTypeFix));
                }

                continue;
            }

            if (!AnalyzeDirection(context, client, new ContractUse(type, contract.TypeDisplay, contract.Direction == ContractDirection.Receives, direction, contract.Location), shape)
                || !checkedTypes.Add(type))
            {
                continue;
            }

            // The generator's own rule (accessibility domains), so a contract it skips the client for is always reported.
            if (!AccessibilityDomain.IsVisibleWhereverClientMembersAre(type, client.Symbol))
            {
                var accessibility = EffectiveAccessibility.Narrowest(type);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ContractLessAccessibleThanClient,
                    contract.Location,
                    contract.TypeDisplay,
                    EffectiveAccessibility.Describe(accessibility),
                    client.DisplayName,
                    EffectiveAccessibility.Describe(clientAccessibility),
                    AccessibilityFix(contract.TypeDisplay, accessibility.Accessibility, client.DisplayName, clientAccessibility.Accessibility)));
            }

            if (client.IsFlat)
            {
                AnalyzeFlatShape(context, client, contract.Type, contract.TypeDisplay, contract.Location, shape, namingOptions);
            }
        }

        // A request travels like a sent contract and its response like a received one. Unusable and less accessible
        // types are the RequestsAnalyzer's (the generator's skip rules for [Requests]).
        foreach (var request in client.Requests)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var uses = new[]
            {
                new ContractUse(request.RequestType, request.RequestTypeDisplay, IsReceived: false, "request", request.Location),
                new ContractUse(request.ResponseType, request.ResponseTypeDisplay, IsReceived: true, "response", request.Location),
            };
            foreach (var use in uses)
            {
                if (!WebSocketClientGenerator.Parser.IsUsableContractType(use.Type) || !AnalyzeDirection(context, client, use, shape) || !client.IsFlat)
                {
                    continue;
                }

                if (checkedTypes.Add(use.Type))
                {
                    AnalyzeFlatShape(context, client, use.Type, use.TypeDisplay, use.Location, shape, namingOptions);
                }

                AnalyzeRequestProperties(context, client, use, shape, namingOptions);
            }
        }
    }

    // What depends on the way the type travels: a received type must be creatable, a sent one is written by its
    // declared type. False when the type cannot be received at all (nothing more to check).
    private static bool AnalyzeDirection(SymbolAnalysisContext context, ClientInfo client, ContractUse use, JsonShape shape)
    {
        var declaredOnly = IsDeclaredOnlyType(use.Type, shape);
        if (!use.IsReceived)
        {
            if (declaredOnly is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.SentContractSerializedByDeclaredType, use.Location, use.TypeDisplay, client.DisplayName, declaredOnly));
            }

            return true;
        }

        if (declaredOnly is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedContractType,
                use.Location,
                use.TypeDisplay,
                use.Role,
                client.DisplayName,
                $"it is {declaredOnly} without [JsonPolymorphic] or [JsonDerivedType], so System.Text.Json cannot create it",
                "Receive a concrete type, or declare its derived types with [JsonDerivedType]"));
            return false;
        }

        if (shape.ConstructorProblem(use.Type) is { } constructorProblem)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ReceivedContractHasNoUsableConstructor, use.Location, use.TypeDisplay, client.DisplayName, constructorProblem));
        }

        return true;
    }

    private static void AnalyzeFlatShape(SymbolAnalysisContext context, ClientInfo client, ITypeSymbol contractType, string typeDisplay, Location location, JsonShape shape, JsonNamingOptions namingOptions)
    {
        if (shape.NonObjectReason(contractType) is { } nonObject)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.FlatContractIsNotJsonObject, location, typeDisplay, nonObject, client.DisplayName));
            return;
        }

        var discriminator = client.DiscriminatorProperty;
        if (ClientAnalysis.IsBlank(discriminator))
        {
            return;
        }

        foreach (var member in ObjectMembers(contractType, shape, namingOptions))
        {
            if (string.Equals(member.JsonName, discriminator, StringComparison.OrdinalIgnoreCase))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ContractPropertyConflictsWithDiscriminator,
                    location,
                    member.Symbol.Name,
                    typeDisplay,
                    member.JsonName,
                    discriminator,
                    client.DisplayName));
            }
        }
    }

    // TWS0032: in the flat format a request's properties stand beside its correlation id, and so do a response's,
    // beside the error property too. Case-insensitive, as TWS0017.
    private static void AnalyzeRequestProperties(SymbolAnalysisContext context, ClientInfo client, ContractUse use, JsonShape shape, JsonNamingOptions namingOptions)
    {
        if (shape.NonObjectReason(use.Type) is not null)
        {
            return;
        }

        foreach (var member in ObjectMembers(use.Type, shape, namingOptions))
        {
            if (!ClientAnalysis.IsBlank(client.CorrelationId) && string.Equals(member.JsonName, client.CorrelationId, StringComparison.OrdinalIgnoreCase))
            {
                Report(member, "correlation id property", client.CorrelationId!, use.IsReceived
                    ? "a reply would need that property twice, once with the correlation id and once with the response's value"
                    : "every request would carry that property twice, once with the correlation id and once with the request's value");
            }
            else if (use.IsReceived && !ClientAnalysis.IsBlank(client.ErrorProperty) && string.Equals(member.JsonName, client.ErrorProperty, StringComparison.OrdinalIgnoreCase))
            {
                Report(member, "error property", client.ErrorProperty!, $"a reply whose '{member.JsonName}' is not null would fail the call as an error reply instead of completing with the response");
            }
        }

        void Report(JsonMember member, string property, string name, string consequence)
            => context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ContractPropertyConflictsWithRequestProperty,
                use.Location,
                member.Symbol.Name,
                use.TypeDisplay,
                member.JsonName,
                property,
                name,
                client.DisplayName,
                consequence));
    }

    // The JSON properties of an object contract, or none when its shape is not ours to know (framework types, converters).
    private static IEnumerable<JsonMember> ObjectMembers(ITypeSymbol contractType, JsonShape shape, JsonNamingOptions namingOptions)
    {
        var type = JsonShape.UnwrapNullable(contractType);
        return JsonShape.IsFrameworkType(type) || shape.HasCustomConverter(type)
            ? Array.Empty<JsonMember>()
            : shape.SerializedMembers(type, namingOptions);
    }

    internal static string AccessibilityFix(string contract, Accessibility contractAccessibility, string client, Accessibility clientAccessibility)
    {
        // A narrower keyword has one fix each way; otherwise (internal against protected, private or protected in two
        // different types) the keywords alone do not say which way to widen or narrow.
        if (EffectiveAccessibility.Rank(contractAccessibility) < EffectiveAccessibility.Rank(clientAccessibility))
        {
            return $"Make '{contract}' {EffectiveAccessibility.Keyword(clientAccessibility)}, or make '{client}' {EffectiveAccessibility.Keyword(contractAccessibility)}";
        }

        return $"Make '{contract}' accessible wherever '{client}' is (public always is), or make '{client}' less accessible";
    }

    /// <summary>Why <paramref name="type"/> can be neither sent nor received, or <see langword="null"/>.</summary>
    internal static string? UnsupportedReason(ITypeSymbol type)
    {
        switch (type.TypeKind)
        {
            case TypeKind.TypeParameter:
                return $"it is the type parameter '{type.Name}'";
            case TypeKind.Dynamic:
                return "it is 'dynamic', which has no shape to serialize";
            case TypeKind.Pointer:
            case TypeKind.FunctionPointer:
                return "it is a pointer type";
            case TypeKind.Delegate:
                return "it is a delegate type";
        }

        if (type.SpecialType == SpecialType.System_Object)
        {
            return "it is 'object', which has no shape of its own";
        }

        if (type.IsRefLikeType)
        {
            return "it is a ref struct, which cannot be stored or boxed";
        }

        if (FindTypeParameter(type) is { } typeParameter)
        {
            return $"it depends on the type parameter '{typeParameter.Name}'";
        }

        return null;
    }

    /// <summary>"an interface" or "an abstract class" when System.Text.Json only sees the members <paramref name="type"/> declares.</summary>
    private static string? IsDeclaredOnlyType(ITypeSymbol type, JsonShape shape)
    {
        if (JsonShape.IsFrameworkType(type) || shape.HasCustomConverter(type) || shape.IsPolymorphic(type) || shape.IsCollection(type))
        {
            return null;
        }

        return type switch
        {
            { TypeKind: TypeKind.Interface } => "an interface",
            { TypeKind: TypeKind.Class, IsAbstract: true } => "an abstract class",
            _ => null,
        };
    }

    private static ITypeParameterSymbol? FindTypeParameter(ITypeSymbol type)
    {
        switch (type)
        {
            case ITypeParameterSymbol typeParameter:
                return typeParameter;
            case IArrayTypeSymbol array:
                return FindTypeParameter(array.ElementType);
            case INamedTypeSymbol named:
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    foreach (var argument in current.TypeArguments)
                    {
                        if (FindTypeParameter(argument) is { } found)
                        {
                            return found;
                        }
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>One way a client uses a type: as a sent or received contract, or as a request or a response.</summary>
    /// <param name="Type">The type.</param>
    /// <param name="TypeDisplay">The type as messages show it.</param>
    /// <param name="IsReceived">Whether the client reads it (received contracts and responses).</param>
    /// <param name="Role">How TWS0011 names the use: <c>sent</c>, <c>received</c>, <c>request</c> or <c>response</c>.</param>
    /// <param name="Location">The attribute that declares the use.</param>
    private sealed record ContractUse(ITypeSymbol Type, string TypeDisplay, bool IsReceived, string Role, Location Location);
}
