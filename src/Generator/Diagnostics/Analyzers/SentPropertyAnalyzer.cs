using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedWebSockets.Generator.Model;
using TypedWebSockets.Messaging;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks a client's <c>[SendsProperty]</c> constants by the generator's rules: a name (TWS0019), text that is valid
/// UTF-16 (TWS0026), and a top-level property of their own beside every sent kind, envelope and correlation id (TWS0037).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SentPropertyAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.EmptyWireName,
        DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
        DiagnosticDescriptors.SentPropertyCollision);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ClientAnalysis.Register(context, AnalyzeClient);
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        if (client.SentProperties.IsEmpty)
        {
            return;
        }

        var wellFormed = new List<SentPropertyInfo>();
        foreach (var property in client.SentProperties)
        {
            var declaration = property.Declaration;
            if (NamingRules.IsBlank(declaration.Name))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.EmptyWireName,
                    property.NameLocation,
                    $"property name of [{declaration.AttributeDisplay}]",
                    client.DisplayName,
                    "Name the top-level property the constant is written as"));
                continue;
            }

            if (Unpaired(declaration.Name!, property.NameLocation, "name") || (declaration.Value is string text && Unpaired(text, property.ValueLocation, "value")))
            {
                continue;
            }

            wellFormed.Add(property);

            bool Unpaired(string value, Location location, string what)
            {
                if (WireSyntax.IndexOfUnpairedSurrogate(value) is not (var index and >= 0))
                {
                    return false;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
                    location,
                    what,
                    $"[{declaration.AttributeDisplay}]",
                    client.DisplayName,
                    ((int)value[index]).ToString("X4", CultureInfo.InvariantCulture),
                    index));
                return true;
            }
        }

        if (client.Wire is not { } wire)
        {
            return;
        }

        var sent = new List<ContractWire>();
        foreach (var contract in client.Contracts)
        {
            if (contract.Direction == MessageDirection.Sends && contract.Wire is { } contractWire)
            {
                sent.Add(contractWire);
            }
        }

        var declarations = wellFormed.ConvertAll(property => property.Declaration);
        foreach (var (index, other) in WireRules.FindSentPropertyCollisions(declarations, sent, wire, client.HasRequests))
        {
            var property = wellFormed[index];
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SentPropertyCollision, property.NameLocation, property.Declaration.AttributeDisplay, client.DisplayName, property.Declaration.Name, other));
        }
    }
}
