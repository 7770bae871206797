using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Reports what keeps the generator from reading a client at all: runtime types it cannot find (TWS0027) and
/// attributes the compiler rejects (TWS0028; an unresolved base type is reported by <see cref="ClientDeclarationAnalyzer"/>).
/// Without these the user would only see the errors of every call to a generated member that was never generated.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorInputAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.RuntimeTypesNotFound,
        DiagnosticDescriptors.ClientDeclarationHasErrors);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.TryCreate(start.Compilation) is not { } known)
            {
                return;
            }

            var missingRuntimeTypes = DescribeMissingRuntimeTypes(start.Compilation);
            start.RegisterSymbolAction(
                symbolContext =>
                {
                    if (symbolContext.Symbol is INamedTypeSymbol type
                        && ClientInfo.TryCreate(type, known, symbolContext.CancellationToken) is { } client)
                    {
                        AnalyzeClient(symbolContext, client, known, missingRuntimeTypes);
                    }
                },
                SymbolKind.NamedType);
        });
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known, string? missingRuntimeTypes)
    {
        if (missingRuntimeTypes is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RuntimeTypesNotFound, client.Location, client.DisplayName, missingRuntimeTypes));
        }

        // The generator's own rule (ContractTypeRules.HasCompileErrors), and [WebSocketClient] read once: a second one is an error.
        var clientAttributes = 0;
        foreach (var attribute in client.Symbol.GetAttributes())
        {
            var isClientAttribute = known.IsClientAttribute(attribute.AttributeClass);
            if (!isClientAttribute && !known.IsContractAttribute(attribute.AttributeClass, out _)
                && !known.IsRequestsAttribute(attribute.AttributeClass) && !known.IsSendsPropertyAttribute(attribute.AttributeClass))
            {
                continue;
            }

            var repeated = isClientAttribute && ++clientAttributes > 1;
            if ((repeated || ContractTypeRules.HasCompileErrors(attribute))
                && attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is { } syntax)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ClientDeclarationHasErrors,
                    syntax.GetLocation(),
                    client.DisplayName,
                    $"[{string.Join(" ", syntax.ToString().Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries))}] "
                    + (repeated ? "is applied more than once" : "has errors")));
            }
        }
    }

    /// <summary>
    /// Why the generator's runtime types (<see cref="KnownTypes.RequiredRuntimeTypes"/>) do not
    /// resolve, or <see langword="null"/> when they all do.
    /// </summary>
    private static string? DescribeMissingRuntimeTypes(Compilation compilation)
    {
        var missing = new List<string>();
        var ambiguous = new List<string>();
        foreach (var metadataName in KnownTypes.RequiredRuntimeTypes)
        {
            if (compilation.GetTypeByMetadataName(metadataName) is null)
            {
                var display = "'" + metadataName.Replace("`1", "<T>") + "'";
                (compilation.GetTypesByMetadataName(metadataName).IsEmpty ? missing : ambiguous).Add(display);
            }
        }

        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add("the compilation has no " + JoinWithOr(missing));
        }

        if (ambiguous.Count > 0)
        {
            parts.Add(JoinWithOr(ambiguous) + (ambiguous.Count == 1 ? " is" : " are each") + " declared by more than one referenced assembly");
        }

        return parts.Count == 0 ? null : string.Join(", and ", parts);
    }

    private static string JoinWithOr(List<string> items)
        => items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[items.Count - 1];
}
