using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks a client's list of contracts against itself: no type listed twice per direction, no discriminator used
/// twice per direction, no blank or ill-formed discriminator, valid <c>Name</c> stems, no two received contracts that
/// would generate the same handler, and no received stem <c>Events</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractListAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.DuplicateReceivedDiscriminator,
        DiagnosticDescriptors.DuplicateSentDiscriminator,
        DiagnosticDescriptors.DuplicateContract,
        DiagnosticDescriptors.DuplicateHandlerName,
        DiagnosticDescriptors.EmptyWireName,
        DiagnosticDescriptors.InvalidMemberNameStem,
        DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType,
        DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ClientAnalysis.Register(context, AnalyzeClient);
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        AnalyzeDirection(context, client, ContractDirection.Sends);
        AnalyzeDirection(context, client, ContractDirection.Receives);
    }

    private static void AnalyzeDirection(SymbolAnalysisContext context, ClientInfo client, ContractDirection direction)
    {
        var types = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var discriminators = new Dictionary<string, ContractInfo>(StringComparer.Ordinal);
        var stems = new Dictionary<string, ContractInfo>(StringComparer.Ordinal);
        foreach (var contract in client.Contracts)
        {
            if (contract.Direction != direction)
            {
                continue;
            }

            if (!types.Add(contract.Type))
            {
                // The duplicate's discriminator and stem collide too; this one diagnostic says why.
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateContract,
                    contract.Location,
                    contract.TypeDisplay,
                    $"in the {direction} contracts",
                    client.DisplayName,
                    "the same members",
                    contract.AttributeDisplay));
                continue;
            }

            AnalyzeDiscriminator(context, client, contract, discriminators);

            if (contract.HasName && !ContractNaming.IsValidMemberName(contract.Name))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.InvalidMemberNameStem, contract.NameLocation, contract.Name, contract.AttributeDisplay, client.DisplayName, contract.DefaultStem));
                continue;
            }

            // Only received contracts generate members named after their stem (On{T}, Events.{T}).
            if (direction == ContractDirection.Receives)
            {
                if (contract.Stem == MemberCollisions.EventsClassName)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType,
                        contract.HasName ? contract.NameLocation : contract.Location,
                        client.DisplayName + "." + MemberCollisions.EventsClassName,
                        contract.Stem,
                        contract.AttributeDisplay,
                        "Set Name on the attribute to a different member-name stem"));
                }

                if (stems.TryGetValue(contract.Stem, out var first))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.DuplicateHandlerName,
                        contract.HasName ? contract.NameLocation : contract.Location,
                        first.AttributeDisplay,
                        contract.AttributeDisplay,
                        client.DisplayName,
                        contract.Stem));
                }
                else
                {
                    stems.Add(contract.Stem, contract);
                }
            }
        }
    }

    private static void AnalyzeDiscriminator(SymbolAnalysisContext context, ClientInfo client, ContractInfo contract, Dictionary<string, ContractInfo> discriminators)
    {
        if (contract.HasExplicitDiscriminator && ClientAnalysis.IsBlank(contract.ExplicitDiscriminator))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.EmptyWireName,
                contract.DiscriminatorLocation,
                $"discriminator value of {contract.AttributeDisplay}",
                client.DisplayName,
                $"Pass a non-blank discriminator, or remove the argument to use the default '{ContractNaming.ToCamelCase(contract.DefaultStem)}'"));
            return;
        }

        if (contract.HasExplicitDiscriminator && WebSocketClientGenerator.Parser.IndexOfUnpairedSurrogate(contract.ExplicitDiscriminator!) is var index and >= 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
                contract.DiscriminatorLocation,
                contract.AttributeDisplay,
                client.DisplayName,
                ((int)contract.ExplicitDiscriminator![index]).ToString("X4", CultureInfo.InvariantCulture),
                index));
            return;
        }

        if (!discriminators.TryGetValue(contract.Discriminator, out var first))
        {
            discriminators.Add(contract.Discriminator, contract);
            return;
        }

        var descriptor = contract.Direction == ContractDirection.Receives
            ? DiagnosticDescriptors.DuplicateReceivedDiscriminator
            : DiagnosticDescriptors.DuplicateSentDiscriminator;
        context.ReportDiagnostic(Diagnostic.Create(
            descriptor, contract.Location, contract.AttributeDisplay, client.DisplayName, contract.Discriminator, first.AttributeDisplay));
    }
}
