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
        DiagnosticDescriptors.ClientDeclarationHasErrors,
        DiagnosticDescriptors.IllFormedPath,
        DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
        DiagnosticDescriptors.SerializerOptionNotApplied);

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
        var discriminator = AnalyzePath(context, client, "Discriminator", client.DiscriminatorProperty,
            "discriminator property name (Discriminator)", "Set Discriminator to the JSON property that names the message kind, or remove it to use \"type\"");

        // "" is the flat format, as null is; only whitespace is blank.
        WirePath? envelope = WirePath.Root;
        if (client.Envelope is { Length: > 0 })
        {
            envelope = AnalyzePath(context, client, "Envelope", client.Envelope,
                "envelope property name (Envelope)", "Set Envelope to the JSON property that holds the message, or remove it (or set \"\") to use the flat format");
        }

        if (discriminator is not null && envelope is { IsRoot: false } && envelope.StartsWith(discriminator))
        {
            // Compared as paths, like the runtime's MessageFormat: "Type" and "type" are two JSON properties, "type" and "/type" one.
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.EnvelopeSameAsDiscriminator,
                client.NamedArgumentLocation("Envelope"),
                client.DisplayName,
                client.Envelope,
                envelope.Equals(discriminator) ? "the same as" : "inside"));
        }

        // The generator's rule (ClientSkipReason.InvalidRequestProperty): requests need both property names.
        AnalyzePath(context, client, "CorrelationId", client.CorrelationId,
            "correlation id property name (CorrelationId)", "Set CorrelationId to the JSON property that carries a request's id, or remove it to use \"id\"");
        AnalyzePath(context, client, "ErrorProperty", client.ErrorProperty,
            "error property name (ErrorProperty)", "Set ErrorProperty to the JSON property of an error reply, or remove it to use \"error\"");

        var texts = client.Declaration.PlainTextMessages;
        for (var i = 0; i < texts.Length; i++)
        {
            if (texts[i] is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.EmptyWireName,
                    client.NamedArgumentLocation("PlainTextMessages"),
                    $"plain-text message {i} (PlainTextMessages)",
                    client.DisplayName,
                    "Remove the null entry: a plain-text message is the whole text of a frame"));
            }
            else if (TypedWebSockets.Messaging.WireSyntax.IndexOfUnpairedSurrogate(texts[i]!) is var index and >= 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
                    client.NamedArgumentLocation("PlainTextMessages"),
                    $"plain-text message {i}",
                    "[WebSocketClient]",
                    client.DisplayName,
                    ((int)texts[i]![index]).ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
                    index));
            }
        }

        AnalyzeSerializerOption(context, client, "PropertyNamingPolicy", client.Declaration.IsNamingPolicySet, client.Declaration.NamingPolicy,
            WebSocketClientGenerator.Parser.IsDefinedNamingPolicy(client.Declaration.NamingPolicy), "JsonKnownNamingPolicy");
        AnalyzeSerializerOption(context, client, "NumberHandling", client.Declaration.IsNumberHandlingSet, client.Declaration.NumberHandling,
            WebSocketClientGenerator.Parser.IsDefinedNumberHandling(client.Declaration.NumberHandling), "JsonNumberHandling");
    }

    // TWS0019 for a blank path, TWS0033 for an ill-formed one; the parsed path otherwise.
    private static WirePath? AnalyzePath(SymbolAnalysisContext context, ClientInfo client, string property, string? value, string what, string fix)
    {
        if (NamingRules.IsBlank(value))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EmptyWireName, client.NamedArgumentLocation(property), what, client.DisplayName, fix));
            return null;
        }

        var path = WirePath.TryParse(value!, out var problem);
        if (path is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.IllFormedPath, client.NamedArgumentLocation(property), property, value, $"'{client.DisplayName}'", problem));
        }

        return path;
    }

    // TWS0042: a reflection-serializer option with a JsonContext (the context's options decide), or a value that is not defined.
    private static void AnalyzeSerializerOption(SymbolAnalysisContext context, ClientInfo client, string property, bool isSet, int value, bool isDefined, string enumName)
    {
        if (!isSet)
        {
            return;
        }

        if (client.HasJsonContext)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SerializerOptionNotApplied,
                client.NamedArgumentLocation(property),
                property,
                client.DisplayName,
                "is ignored because JsonContext is set: the context's own options apply",
                "Set it on the context's [JsonSourceGenerationOptions] instead (keep JsonSerializerDefaults.Web for the web defaults), or remove it"));
        }
        else if (!isDefined)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SerializerOptionNotApplied,
                client.NamedArgumentLocation(property),
                property,
                client.DisplayName,
                $"is {value}, which is not a defined {enumName} value, so the web default applies",
                $"Use one of the named {enumName} values"));
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
