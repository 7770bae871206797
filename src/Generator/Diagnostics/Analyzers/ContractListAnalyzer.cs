using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks a client's list of contracts, each and as a set (by <see cref="WireRules"/> and <see cref="ContractSetRules"/>,
/// the generator's own rules): usable kinds and paths, no type listed twice per direction, no kind used twice at one
/// path, no received contract that an earlier one always takes, valid <c>Name</c> stems, no two received contracts that
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
        DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
        DiagnosticDescriptors.IllFormedPath,
        DiagnosticDescriptors.InvalidKindPattern,
        DiagnosticDescriptors.PatternOnSentKind,
        DiagnosticDescriptors.ContractEnvelopeOverlapsDiscriminator,
        DiagnosticDescriptors.ShadowedReceivedContract,
        DiagnosticDescriptors.ReceivedContractWithoutKind,
        DiagnosticDescriptors.SentKindNotWritten);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ClientAnalysis.Register(context, AnalyzeClient);
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        AnalyzeDirection(context, client, MessageDirection.Sends);
        AnalyzeDirection(context, client, MessageDirection.Receives);
    }

    private static void AnalyzeDirection(SymbolAnalysisContext context, ClientInfo client, MessageDirection direction)
    {
        var types = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var kinds = new List<ContractInfo>();
        var stems = new Dictionary<string, ContractInfo>(System.StringComparer.Ordinal);
        foreach (var contract in client.Contracts)
        {
            if (contract.Direction != direction)
            {
                continue;
            }

            if (!types.Add(contract.Type))
            {
                // The duplicate's kind and stem collide too; this one diagnostic says why.
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

            if (AnalyzeWire(context, client, contract))
            {
                AnalyzeKindAmongOthers(context, client, contract, kinds);
            }

            if (contract.HasName && !NamingRules.IsValidMemberName(contract.Name))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.InvalidMemberNameStem, contract.NameLocation, contract.Name, contract.AttributeDisplay, client.DisplayName, contract.DefaultStem));
                continue;
            }

            // Only received contracts generate members named after their stem (On{T}, Events.{T}).
            if (direction == MessageDirection.Receives)
            {
                if (ContractSetRules.HasEventsStem(contract.Declaration))
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

    // The contract's own kind and paths (WireRules.ResolveContract). False when they are not usable, so the set rules
    // have nothing to compare.
    private static bool AnalyzeWire(SymbolAnalysisContext context, ClientInfo client, ContractInfo contract)
    {
        var location = contract.ArgumentLocation(contract.WireProperty);
        switch (contract.WireProblem)
        {
            case ContractWireProblem.BlankKind:
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.EmptyWireName,
                    contract.DiscriminatorLocation,
                    $"discriminator value of {contract.AttributeDisplay}",
                    client.DisplayName,
                    $"Pass a non-blank discriminator, or remove the argument to use the default '{NamingRules.ToCamelCase(contract.DefaultStem)}'"));
                return false;

            case ContractWireProblem.KindNotUnicode:
                var index = int.Parse(contract.WireDetail!, CultureInfo.InvariantCulture);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
                    contract.DiscriminatorLocation,
                    "discriminator",
                    contract.AttributeDisplay,
                    client.DisplayName,
                    ((int)contract.ExplicitDiscriminator![index]).ToString("X4", CultureInfo.InvariantCulture),
                    index));
                return false;

            case ContractWireProblem.BlankPath:
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.EmptyWireName,
                    location,
                    $"{contract.WireProperty} of {contract.AttributeDisplay}",
                    client.DisplayName,
                    contract.WireProperty == "Envelope"
                        ? "Set Envelope to where the message lives, \"\" for the flat format, or remove it to use the client's"
                        : "Set DiscriminatorProperty to where the kind lives, or remove it to use the client's Discriminator"));
                return false;

            case ContractWireProblem.IllFormedPath:
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.IllFormedPath,
                    location,
                    contract.WireProperty,
                    contract.WireProperty == "Envelope" ? contract.Declaration.Envelope : contract.Declaration.DiscriminatorProperty,
                    $"{contract.AttributeDisplay} on '{client.DisplayName}'",
                    contract.WireDetail));
                return false;

            case ContractWireProblem.ReceivedWithoutKind:
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ReceivedContractWithoutKind, location, contract.AttributeDisplay, client.DisplayName));
                return false;

            case ContractWireProblem.InvalidPattern:
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.InvalidKindPattern, contract.DiscriminatorLocation, contract.Discriminator, contract.AttributeDisplay, client.DisplayName, contract.WireDetail));
                return false;

            case ContractWireProblem.EnvelopeOverlapsKind:
                var overlapping = contract.ResolvedWire!;
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ContractEnvelopeOverlapsDiscriminator,
                    location,
                    overlapping.EnvelopePath,
                    contract.AttributeDisplay,
                    client.DisplayName,
                    overlapping.EnvelopePath.Equals(overlapping.KindPath) ? "the same as" : "inside",
                    overlapping.KindPath));
                return false;
        }

        if ((contract.WireWarnings & ContractWireWarnings.PatternOnSentKind) != 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.PatternOnSentKind, contract.DiscriminatorLocation, contract.Discriminator, contract.AttributeDisplay, client.DisplayName));
        }

        if ((contract.WireWarnings & ContractWireWarnings.KindNotWritten) != 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SentKindNotWritten, contract.DiscriminatorLocation, contract.AttributeDisplay, client.DisplayName, contract.Discriminator));
        }

        return contract.Wire is not null;
    }

    // The same kind at the same path as an earlier contract (TWS0005, TWS0006), or one an earlier pattern always takes (TWS0038).
    private static void AnalyzeKindAmongOthers(SymbolAnalysisContext context, ClientInfo client, ContractInfo contract, List<ContractInfo> earlier)
    {
        var wire = contract.Wire!;
        foreach (var other in earlier)
        {
            if (ContractSetRules.SameKind(other.Wire!, wire))
            {
                var descriptor = contract.Direction == MessageDirection.Receives
                    ? DiagnosticDescriptors.DuplicateReceivedDiscriminator
                    : DiagnosticDescriptors.DuplicateSentDiscriminator;
                context.ReportDiagnostic(Diagnostic.Create(
                    descriptor, contract.Location, contract.AttributeDisplay, client.DisplayName, contract.Discriminator, other.AttributeDisplay));
                return;
            }

            if (ContractSetRules.Shadows(other.Wire!, wire))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ShadowedReceivedContract,
                    contract.DiscriminatorLocation,
                    contract.AttributeDisplay,
                    client.DisplayName,
                    contract.Discriminator,
                    wire.KindPath,
                    other.AttributeDisplay,
                    other.Discriminator));
                return;
            }
        }

        earlier.Add(contract);
    }
}
