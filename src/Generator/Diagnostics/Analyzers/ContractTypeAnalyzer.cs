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
        DiagnosticDescriptors.FlatContractIsNotJsonObject);

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

            var declaredOnly = IsDeclaredOnlyType(type, shape);
            if (contract.Direction == ContractDirection.Receives)
            {
                if (declaredOnly is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnsupportedContractType,
                        contract.Location,
                        contract.TypeDisplay,
                        direction,
                        client.DisplayName,
                        $"it is {declaredOnly} without [JsonPolymorphic] or [JsonDerivedType], so System.Text.Json cannot create it",
                        "Receive a concrete type, or declare its derived types with [JsonDerivedType]"));
                    continue;
                }

                if (shape.ConstructorProblem(type) is { } constructorProblem)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ReceivedContractHasNoUsableConstructor, contract.Location, contract.TypeDisplay, client.DisplayName, constructorProblem));
                }
            }
            else if (declaredOnly is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.SentContractSerializedByDeclaredType, contract.Location, contract.TypeDisplay, client.DisplayName, declaredOnly));
            }

            if (!checkedTypes.Add(type))
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
                AnalyzeFlatShape(context, client, contract, shape, namingOptions);
            }
        }
    }

    private static void AnalyzeFlatShape(SymbolAnalysisContext context, ClientInfo client, ContractInfo contract, JsonShape shape, JsonNamingOptions namingOptions)
    {
        if (shape.NonObjectReason(contract.Type) is { } nonObject)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.FlatContractIsNotJsonObject, contract.Location, contract.TypeDisplay, nonObject, client.DisplayName));
            return;
        }

        var type = JsonShape.UnwrapNullable(contract.Type);
        var discriminator = client.DiscriminatorProperty;
        if (discriminator is null || ClientAnalysis.IsBlank(discriminator) || JsonShape.IsFrameworkType(type) || shape.HasCustomConverter(type))
        {
            return;
        }

        foreach (var member in shape.SerializedMembers(type, namingOptions))
        {
            if (string.Equals(member.JsonName, discriminator, StringComparison.OrdinalIgnoreCase))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ContractPropertyConflictsWithDiscriminator,
                    contract.Location,
                    member.Symbol.Name,
                    contract.TypeDisplay,
                    member.JsonName,
                    discriminator,
                    client.DisplayName));
            }
        }
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
}
