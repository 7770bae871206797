using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks the <c>[WebSocketClient]</c> declaration itself: partial (with its containing types), a kind of class the
/// generator can complete, no other base class, a usable wire format, and at least one contract.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ClientMustBePartial,
        DiagnosticDescriptors.ContainingTypeMustBePartial,
        DiagnosticDescriptors.UnsupportedClientDeclaration,
        DiagnosticDescriptors.ClientHasOtherBaseClass,
        DiagnosticDescriptors.EmptyWireName,
        DiagnosticDescriptors.EnvelopeSameAsDiscriminator,
        DiagnosticDescriptors.ClientWithoutContracts,
        DiagnosticDescriptors.ClientDeclarationHasErrors);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ClientAnalysis.Register(context, AnalyzeClient);

        // The declared base class is only visible per declaration (once the generator has run, the symbol's base type
        // is TypedWebSockets.WebSocket), so it is read from each declaration's base list.
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.TryCreate(start.Compilation) is { } known)
            {
                start.RegisterSyntaxNodeAction(c => AnalyzeBaseList(c, known), SyntaxKind.ClassDeclaration, SyntaxKind.RecordDeclaration);
            }
        });
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        var symbol = client.Symbol;
        var name = client.DisplayName;
        TypeDeclarationSyntax? primaryDeclaration = null;
        var reportedContainers = new HashSet<SyntaxNode>();
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (GeneratedFiles.IsGenerated(reference.SyntaxTree)
                || reference.GetSyntax(context.CancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            primaryDeclaration ??= declaration;

            // Only a class can be completed; other kinds are reported below (TWS0003), not as missing 'partial'.
            if (symbol.TypeKind == TypeKind.Class && !IsPartial(declaration))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClientMustBePartial, declaration.Identifier.GetLocation(), name));
            }
        }

        // Every declaration of every containing type, as the generator checks them: the generated file re-declares
        // them all as partial.
        for (var container = symbol.ContainingType; container is not null; container = container.ContainingType)
        {
            foreach (var reference in container.DeclaringSyntaxReferences)
            {
                if (!GeneratedFiles.IsGenerated(reference.SyntaxTree)
                    && reference.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax outer
                    && !IsPartial(outer)
                    && reportedContainers.Add(outer))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ContainingTypeMustBePartial, outer.Identifier.GetLocation(), container.ToDisplayString(), name));
                }
            }
        }

        var reasons = UnsupportedReasons(symbol);
        if (reasons.Count > 0)
        {
            var location = primaryDeclaration?.Identifier.GetLocation() ?? symbol.Locations[0];
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedClientDeclaration, location, name, string.Join(" and ", reasons)));
        }

        AnalyzeFormat(context, client);

        if (client.ContractAttributeCount == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClientWithoutContracts, client.Location, name));
        }
    }

    private static void AnalyzeFormat(SymbolAnalysisContext context, ClientInfo client)
    {
        var discriminatorIsBlank = ClientAnalysis.IsBlank(client.DiscriminatorProperty);
        if (discriminatorIsBlank)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.EmptyWireName,
                client.NamedArgumentLocation("Discriminator"),
                "discriminator property name (Discriminator)",
                client.DisplayName,
                "Set Discriminator to the JSON property that names the message kind, or remove it to use \"type\""));
        }

        if (client.Envelope is not null && ClientAnalysis.IsBlank(client.Envelope))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.EmptyWireName,
                client.NamedArgumentLocation("Envelope"),
                "envelope property name (Envelope)",
                client.DisplayName,
                "Set Envelope to the JSON property that holds the message, or remove it to use the flat format"));
        }
        else if (client.Envelope is not null && !discriminatorIsBlank && string.Equals(client.Envelope, client.DiscriminatorProperty, StringComparison.Ordinal))
        {
            // Ordinal, like the runtime's MessageFormat: "Type" and "type" are two JSON properties.
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.EnvelopeSameAsDiscriminator, client.NamedArgumentLocation("Envelope"), client.DisplayName, client.Envelope));
        }

        // The generator's rule (ClientSkipReason.InvalidRequestProperty): requests need both property names.
        if (ClientAnalysis.IsBlank(client.CorrelationId))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.EmptyWireName,
                client.NamedArgumentLocation("CorrelationId"),
                "correlation id property name (CorrelationId)",
                client.DisplayName,
                "Set CorrelationId to the JSON property that carries a request's id, or remove it to use \"id\""));
        }

        if (ClientAnalysis.IsBlank(client.ErrorProperty))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.EmptyWireName,
                client.NamedArgumentLocation("ErrorProperty"),
                "error property name (ErrorProperty)",
                client.DisplayName,
                "Set ErrorProperty to the JSON property of an error reply, or remove it to use \"error\""));
        }
    }

    private static List<string> UnsupportedReasons(INamedTypeSymbol symbol)
    {
        var reasons = new List<string>();
        if (symbol.TypeKind != TypeKind.Class)
        {
            reasons.Add(symbol.TypeKind switch
            {
                TypeKind.Struct when symbol.IsRecord => "a record struct",
                TypeKind.Struct => "a struct",
                TypeKind.Interface => "an interface",
                TypeKind.Enum => "an enum",
                TypeKind.Delegate => "a delegate",
                _ => "not a class",
            });
            return reasons;
        }

        if (symbol.IsStatic)
        {
            reasons.Add("static");
        }
        else if (symbol.IsAbstract)
        {
            reasons.Add("abstract");
        }

        if (symbol.IsRecord)
        {
            reasons.Add("a record");
        }

        if (symbol.TypeParameters.Length > 0)
        {
            reasons.Add("generic");
        }

        for (var container = symbol.ContainingType; container is not null; container = container.ContainingType)
        {
            if (container.TypeParameters.Length > 0)
            {
                reasons.Add($"nested in the generic type '{container.ToDisplayString()}'");
                break;
            }
        }

        if (symbol.IsFileLocal)
        {
            reasons.Add("file-local");
        }

        for (var container = symbol.ContainingType; container is not null; container = container.ContainingType)
        {
            if (container.IsFileLocal)
            {
                reasons.Add($"nested in the file-local type '{container.ToDisplayString()}'");
                break;
            }
        }

        return reasons;
    }

    private static void AnalyzeBaseList(SyntaxNodeAnalysisContext context, KnownTypes known)
    {
        var declaration = (TypeDeclarationSyntax)context.Node;
        if (declaration.BaseList is not { Types.Count: > 0 } baseList
            || GeneratedFiles.IsGenerated(declaration.SyntaxTree)
            || context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } symbol
            || !KnownTypes.HasAttribute(symbol, known.WebSocketClientAttribute))
        {
            return;
        }

        // Only the first entry of a base list can be a class.
        var first = baseList.Types[0];
        var baseType = context.SemanticModel.GetTypeInfo(first.Type, context.CancellationToken).Type;
        if (baseType is { TypeKind: TypeKind.Class } && !KnownTypes.Is(baseType, known.WebSocket))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ClientHasOtherBaseClass, first.GetLocation(), symbol.ToDisplayString(), baseType.ToDisplayString()));
        }
        else if (baseType is { TypeKind: TypeKind.Error } && symbol.BaseType is { TypeKind: TypeKind.Error })
        {
            // The compiler took the unresolved type for the base class, so the generator cannot tell it from another base class.
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ClientDeclarationHasErrors,
                first.GetLocation(),
                symbol.ToDisplayString(),
                $"its base type '{first.Type}' cannot be resolved"));
        }
    }

    private static bool IsPartial(TypeDeclarationSyntax declaration) => declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
}
