using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks that the members the generator emits fit beside the client's own members and the members it inherits from
/// <c>TypedWebSockets.WebSocket</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MemberConflictAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MemberConflictsWithGeneratedMember,
        DiagnosticDescriptors.GeneratedMemberHidesBaseMember);

    private static readonly SymbolDisplayFormat s_memberFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ClientAnalysis.Register(context, AnalyzeClient);
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        var sends = new Dictionary<ITypeSymbol, ContractInfo>(SymbolEqualityComparer.Default);
        var handlers = new Dictionary<string, ContractInfo>(StringComparer.Ordinal);
        foreach (var contract in client.Contracts)
        {
            if (contract.Direction == ContractDirection.Sends)
            {
                if (!sends.ContainsKey(contract.Type))
                {
                    sends.Add(contract.Type, contract);
                }
            }
            else if (ContractNaming.IsValidMemberName(contract.Stem) && !handlers.ContainsKey("On" + contract.Stem))
            {
                handlers.Add("On" + contract.Stem, contract);
            }
        }

        AnalyzeUserMembers(context, client, known, sends, handlers);
        AnalyzeBaseMembers(context, client, known, sends, handlers);
    }

    private static void AnalyzeUserMembers(
        SymbolAnalysisContext context, ClientInfo client, KnownTypes known, Dictionary<ITypeSymbol, ContractInfo> sends, Dictionary<string, ContractInfo> handlers)
    {
        var hasReceives = client.HasReceives;
        foreach (var member in client.Symbol.GetMembers())
        {
            if (member.IsImplicitlyDeclared || GeneratedCode.IsGenerated(member, known) || SourceLocation(member) is not { } location)
            {
                continue;
            }

            var generated = GeneratedCounterpart(client, known, member, sends, handlers, hasReceives);
            if (generated is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MemberConflictsWithGeneratedMember, location, member.ToDisplayString(s_memberFormat), generated, client.DisplayName));
            }
        }
    }

    /// <summary>Describes the generated member <paramref name="member"/> would collide with, or <see langword="null"/>.</summary>
    private static string? GeneratedCounterpart(
        ClientInfo client, KnownTypes known, ISymbol member, Dictionary<ITypeSymbol, ContractInfo> sends, Dictionary<string, ContractInfo> handlers, bool hasReceives)
    {
        if (member is IMethodSymbol method)
        {
            switch (method.MethodKind)
            {
                case MethodKind.Constructor when method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String:
                    return $"the constructor '{client.Symbol.Name}(string url)'";
                case MethodKind.Constructor when method.Parameters.Length == 2
                                                 && method.Parameters[0].Type.SpecialType == SpecialType.System_String
                                                 && KnownTypes.Is(method.Parameters[1].Type, known.WebSocketOptions):
                    return $"the constructor '{client.Symbol.Name}(string url, TypedWebSockets.WebSocketOptions options)'";
                case MethodKind.Ordinary when method.Name == "Send" && method.Parameters.Length == 1
                                              && sends.TryGetValue(method.Parameters[0].Type, out var sent):
                    return $"the method 'Send({sent.TypeDisplay})' for [{sent.AttributeDisplay}]";
                case MethodKind.Ordinary when method.Name == "SendAsync" && method.Parameters.Length == 2
                                              && sends.TryGetValue(method.Parameters[0].Type, out var sentAsync)
                                              && KnownTypes.Is(method.Parameters[1].Type, known.CancellationToken):
                    return $"the method 'SendAsync({sentAsync.TypeDisplay}, CancellationToken)' for [{sentAsync.AttributeDisplay}]";
                case MethodKind.Ordinary when method.Name == "DispatchMessage" && method.IsOverride && hasReceives:
                    return "the 'DispatchMessage' override that dispatches received contracts";
            }
        }

        if (hasReceives && member.Name == "Events")
        {
            return "the nested class 'Events' of typed listener keys";
        }

        if (handlers.TryGetValue(member.Name, out var received))
        {
            return $"the handler property '{member.Name}' for [{received.AttributeDisplay}] (or set Name on that attribute)";
        }

        return null;
    }

    private static void AnalyzeBaseMembers(
        SymbolAnalysisContext context, ClientInfo client, KnownTypes known, Dictionary<ITypeSymbol, ContractInfo> sends, Dictionary<string, ContractInfo> handlers)
    {
        for (var baseType = known.WebSocket; baseType is not null; baseType = baseType.BaseType)
        {
            foreach (var member in baseType.GetMembers())
            {
                if (member.IsImplicitlyDeclared || !IsVisibleToDerivedTypes(member))
                {
                    continue;
                }

                if (handlers.TryGetValue(member.Name, out var received))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.GeneratedMemberHidesBaseMember,
                        received.HasName ? received.NameLocation : received.Location,
                        received.AttributeDisplay,
                        client.DisplayName,
                        member.Name,
                        member.ToDisplayString(),
                        "Set Name on the attribute to a different member-name stem"));
                    handlers.Remove(member.Name);
                }

                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, Name: "Send", Parameters.Length: 1 } send
                    && sends.TryGetValue(send.Parameters[0].Type, out var sent))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.GeneratedMemberHidesBaseMember,
                        sent.Location,
                        sent.AttributeDisplay,
                        client.DisplayName,
                        $"Send({sent.TypeDisplay})",
                        member.ToDisplayString(),
                        "Send it with the inherited method instead, or wrap it in a contract type"));

                    // SendAsync hides its inherited counterpart for the same reason; one diagnostic per contract.
                    sends.Remove(send.Parameters[0].Type);
                }
            }
        }
    }

    private static bool IsVisibleToDerivedTypes(ISymbol member)
        => member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;

    private static Location? SourceLocation(ISymbol member)
    {
        foreach (var location in member.Locations)
        {
            if (location.IsInSource && !GeneratedCode.IsGeneratedTree(location.SourceTree))
            {
                return location;
            }
        }

        return null;
    }
}
