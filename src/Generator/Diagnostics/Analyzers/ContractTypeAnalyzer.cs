using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedWebSockets.Generator.Model;

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
        DiagnosticDescriptors.ContractPropertyConflictsWithRequestProperty,
        DiagnosticDescriptors.BatchesWithArrayContract,
        DiagnosticDescriptors.ContractPropertyConflictsWithSentProperty);

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
        var namingOptions = shape.NamingOptions(client.JsonContext, client.Declaration.NamingPolicy);
        var checkedTypes = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var shapesChecked = new HashSet<string>(StringComparer.Ordinal);
        var unsupportedTypes = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var contract in client.Contracts)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var type = contract.Type;
            var direction = contract.Direction == MessageDirection.Sends ? "sent" : "received";

            // Reasons that hold whichever way the type travels are reported once, on its first attribute. The rule is
            // the generator's own; the reason only explains it.
            if (!ContractTypeRules.IsUsableContractType(type))
            {
                var reason = UnsupportedReason(type) ?? "System.Text.Json cannot serialize it";
                if (unsupportedTypes.Add(type))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnsupportedContractType, contract.Location, contract.TypeDisplay, direction, client.DisplayName, reason, ConcreteTypeFix));
                }

                continue;
            }

            var use = new ContractUse(type, contract.TypeDisplay, contract.Direction == MessageDirection.Receives, direction, contract.Location);
            if (!AnalyzeDirection(context, client, use, shape))
            {
                continue;
            }

            if (contract.Wire is { } wire)
            {
                AnalyzeSharedObject(context, client, use, SharedNames(client, wire.Kind, wire.KindPath, wire.EnvelopePath, sent: !use.IsReceived), shape, namingOptions, shapesChecked);
            }

            // The generator's own rule (accessibility domains), so a contract it skips the client for is always reported.
            if (checkedTypes.Add(type) && !AccessibilityDomain.IsVisibleWhereverClientMembersAre(type, client.Symbol))
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
        }

        // A request travels like a sent contract and its response like a received one, at the client's paths. Unusable
        // and less accessible types are the RequestsAnalyzer's (the generator's skip rules for [Requests]).
        var requestKind = new WireKind(WireKindType.String, "request", "request", 0);
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
                if (!ContractTypeRules.IsUsableContractType(use.Type) || !AnalyzeDirection(context, client, use, shape) || client.Wire is not { Envelope.IsRoot: true } wire)
                {
                    continue;
                }

                AnalyzeSharedObject(context, client, use, SharedNames(client, requestKind, wire.Discriminator, wire.Envelope, sent: !use.IsReceived), shape, namingOptions, shapesChecked);
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

    // The names that stand beside a payload's own properties in one JSON object: the kind when it lies inside the
    // payload (always, in the flat format), and a sent flat payload's constant properties. Null when the payload is a
    // value of its own (an envelope without the kind inside); empty when nothing shares it (a kind-less flat message).
    private static List<SharedName>? SharedNames(ClientInfo client, WireKind kind, WirePath kindPath, WirePath envelope, bool sent)
    {
        var kindInside = kind.Type != WireKindType.None && kindPath.StartsWith(envelope) && kindPath.Segments.Count > envelope.Segments.Count;
        if (!envelope.IsRoot && !kindInside)
        {
            return null;
        }

        var names = new List<SharedName>();
        if (kindInside)
        {
            names.Add(new SharedName(kindPath.Segments[envelope.Segments.Count], kindPath.Text, null));
        }

        if (sent && envelope.IsRoot)
        {
            foreach (var constant in client.SentProperties)
            {
                if (constant.Declaration.Name is { } name)
                {
                    names.Add(new SharedName(name, null, constant.Declaration.AttributeDisplay));
                }
            }
        }

        return names;
    }

    // TWS0018/TWS0039: the payload must be an object to share one; TWS0017/TWS0044: none of its properties may be named
    // like what shares it. Once per type and set of shared names.
    private static void AnalyzeSharedObject(
        SymbolAnalysisContext context, ClientInfo client, ContractUse use, List<SharedName>? shared, JsonShape shape, JsonNamingOptions namingOptions, HashSet<string> checkedShapes)
    {
        if (shared is null)
        {
            return;
        }

        var batchSplit = client.Declaration.Batches && use.IsReceived && shared.Exists(name => name.Constant is null);

        // What a client sends may be read case-insensitively by the peer; what it receives is read by its own options.
        var comparison = use.IsReceived && !namingOptions.CaseInsensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var key = use.TypeDisplay + "|" + batchSplit + "|" + comparison + "|" + string.Join("|", shared.ConvertAll(name => name.Name));
        if (!checkedShapes.Add(key))
        {
            return;
        }

        if (shared.Count == 0)
        {
            return;
        }

        if (shape.NonObjectReason(use.Type) is { } nonObject)
        {
            context.ReportDiagnostic(batchSplit && shape.IsCollection(JsonShape.UnwrapNullable(use.Type)) && !shape.IsDictionary(JsonShape.UnwrapNullable(use.Type))
                ? Diagnostic.Create(DiagnosticDescriptors.BatchesWithArrayContract, use.Location, use.TypeDisplay, client.DisplayName, nonObject)
                : Diagnostic.Create(DiagnosticDescriptors.FlatContractIsNotJsonObject, use.Location, use.TypeDisplay, nonObject, client.DisplayName));
            return;
        }

        foreach (var member in ObjectMembers(use.Type, shape, namingOptions))
        {
            foreach (var name in shared)
            {
                if (!string.Equals(member.JsonName, name.Name, comparison))
                {
                    continue;
                }

                context.ReportDiagnostic(name.Constant is null
                    ? Diagnostic.Create(DiagnosticDescriptors.ContractPropertyConflictsWithDiscriminator, use.Location, member.Symbol.Name, use.TypeDisplay, member.JsonName, name.Name, client.DisplayName)
                    : Diagnostic.Create(DiagnosticDescriptors.ContractPropertyConflictsWithSentProperty, use.Location, member.Symbol.Name, use.TypeDisplay, member.JsonName, name.Constant, client.DisplayName));
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
            if (!NamingRules.IsBlank(client.CorrelationId) && string.Equals(member.JsonName, client.CorrelationId, StringComparison.OrdinalIgnoreCase))
            {
                Report(member, "correlation id property", client.CorrelationId!, use.IsReceived
                    ? "a reply would need that property twice, once with the correlation id and once with the response's value"
                    : "every request would carry that property twice, once with the correlation id and once with the request's value");
            }
            else if (use.IsReceived && !NamingRules.IsBlank(client.ErrorProperty) && string.Equals(member.JsonName, client.ErrorProperty, StringComparison.OrdinalIgnoreCase))
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

    /// <summary>A property that shares a payload's object: the kind (its path) or a constant property (its attribute).</summary>
    private sealed record SharedName(string Name, string? KindPath, string? Constant);
}
