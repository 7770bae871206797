using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks that the members the generator emits fit beside the client's own members, the members it inherits from
/// <c>TypedWebSockets.WebSocket</c>, and the client's name. The rules are the generator's own
/// (<see cref="MemberCollisions"/>): every collision that makes it skip a client is reported here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MemberConflictAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MemberConflictsWithGeneratedMember,
        DiagnosticDescriptors.GeneratedMemberHidesBaseMember,
        DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType);

    internal static readonly SymbolDisplayFormat s_memberFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ClientAnalysis.Register(context, AnalyzeClient);
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        if (known.WebSocket is null || known.WebSocketOptions is null)
        {
            return;
        }

        // The contracts as the generator would plan them: one per type and direction, received ones with a usable stem.
        var contracts = new List<ContractInfo>();
        var planned = new List<PlannedContract>();
        var sentTypes = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contract in client.Contracts)
        {
            var usable = contract.Direction == MessageDirection.Sends
                ? sentTypes.Add(contract.Type)
                : NamingRules.IsValidMemberName(contract.Stem) && stems.Add(contract.Stem);
            if (usable)
            {
                contracts.Add(contract);
                planned.Add(new PlannedContract(contract.Direction, contract.Type, contract.Stem));
            }
        }

        var collisions = MemberCollisions.Find(
            client.Symbol, known.WebSocket, known.WebSocketOptions, known.CancellationToken, planned, stopAtFirst: false, context.CancellationToken);
        var hidingReported = new HashSet<int>();
        foreach (var collision in Prioritized(collisions))
        {
            var contract = collision.ContractIndex >= 0 ? contracts[collision.ContractIndex] : null;
            switch (collision.Kind)
            {
                case MemberCollisionKind.ClientName:
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType,
                        ClientNameLocation(client, context),
                        client.DisplayName,
                        collision.Name,
                        contract!.AttributeDisplay,
                        collision.Generated == GeneratedMember.Handler
                            ? "Rename the client, or set Name on the attribute to a different member-name stem"
                            : "Rename the client"));
                    break;

                case MemberCollisionKind.UserMember when SourceLocation(collision.Member!) is { } location:
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.MemberConflictsWithGeneratedMember,
                        location,
                        collision.Member!.ToDisplayString(s_memberFormat),
                        DescribeGenerated(client, collision, contract),
                        client.DisplayName));
                    break;

                // One diagnostic per contract: Send(string) and SendAsync(string, ...) hide their inherited pair for one reason.
                case MemberCollisionKind.BaseMember when contract is not null && hidingReported.Add(collision.ContractIndex):
                    var isHandler = collision.Generated is GeneratedMember.Handler or GeneratedMember.EventsClass;
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.GeneratedMemberHidesBaseMember,
                        isHandler && contract.HasName ? contract.NameLocation : contract.Location,
                        contract.AttributeDisplay,
                        client.DisplayName,
                        collision.Generated switch
                        {
                            GeneratedMember.Send => $"Send({contract.TypeDisplay})",
                            GeneratedMember.SendAsync => $"SendAsync({contract.TypeDisplay}, CancellationToken)",
                            _ => collision.Name,
                        },
                        collision.Member!.ToDisplayString(),
                        isHandler
                            ? "Set Name on the attribute to a different member-name stem"
                            : "Send it with the inherited method instead, or wrap it in a contract type"));
                    break;
            }
        }
    }

    // Send before SendAsync, so a sent string is reported as hiding Send(string), the call users write.
    private static IEnumerable<MemberCollision> Prioritized(List<MemberCollision> collisions)
    {
        foreach (var collision in collisions)
        {
            if (collision.Generated != GeneratedMember.SendAsync)
            {
                yield return collision;
            }
        }

        foreach (var collision in collisions)
        {
            if (collision.Generated == GeneratedMember.SendAsync)
            {
                yield return collision;
            }
        }
    }

    /// <summary>Describes the generated member a user member collides with.</summary>
    private static string DescribeGenerated(ClientInfo client, MemberCollision collision, ContractInfo? contract)
        => collision.Generated switch
        {
            GeneratedMember.UrlConstructor => $"the constructor '{client.Symbol.Name}(string url)'",
            GeneratedMember.OptionsConstructor => $"the constructor '{client.Symbol.Name}(string url, TypedWebSockets.WebSocketOptions options)'",
            GeneratedMember.UriConstructor => $"the constructor '{client.Symbol.Name}(System.Uri url)'",
            GeneratedMember.UriOptionsConstructor => $"the constructor '{client.Symbol.Name}(System.Uri url, TypedWebSockets.WebSocketOptions options)'",
            GeneratedMember.Send when collision.SameSignature && contract is not null
                => $"the method 'Send({contract.TypeDisplay})' for [{contract.AttributeDisplay}]",
            GeneratedMember.SendAsync when collision.SameSignature && contract is not null
                => $"the method 'SendAsync({contract.TypeDisplay}, CancellationToken)' for [{contract.AttributeDisplay}]",
            GeneratedMember.Send or GeneratedMember.SendAsync
                => $"the '{collision.Name}' methods of its sent contracts",
            GeneratedMember.DispatchMessage => "the 'DispatchMessage' override that dispatches received contracts",
            GeneratedMember.EventsClass => "the nested class 'Events' of typed listener keys",
            _ => $"the handler property '{collision.Name}' for [{contract?.AttributeDisplay}] (or set Name on that attribute)",
        };

    internal static Location ClientNameLocation(ClientInfo client, SymbolAnalysisContext context)
    {
        foreach (var reference in client.Symbol.DeclaringSyntaxReferences)
        {
            if (!GeneratedFiles.IsGenerated(reference.SyntaxTree)
                && reference.GetSyntax(context.CancellationToken) is BaseTypeDeclarationSyntax declaration)
            {
                return declaration.Identifier.GetLocation();
            }
        }

        return client.Location;
    }

    internal static Location? SourceLocation(ISymbol member)
    {
        foreach (var location in member.Locations)
        {
            if (location.IsInSource && !GeneratedFiles.IsGenerated(location.SourceTree))
            {
                return location;
            }
        }

        return null;
    }
}
