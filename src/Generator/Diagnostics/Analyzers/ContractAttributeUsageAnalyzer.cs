using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>Reports <c>[Sends&lt;T&gt;]</c>/<c>[Receives&lt;T&gt;]</c> on a class that has no <c>[WebSocketClient]</c>, where they do nothing.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractAttributeUsageAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ContractAttributeWithoutClient);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.TryCreate(start.Compilation) is { } known)
            {
                start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.NamedType);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownTypes known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attributes = type.GetAttributes();
        foreach (var attribute in attributes)
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.WebSocketClientAttribute))
            {
                return;
            }
        }

        foreach (var attribute in attributes)
        {
            if (known.IsContractAttribute(attribute.AttributeClass, out var direction)
                && attribute.AttributeClass!.TypeArguments.Length == 1
                && attribute.ApplicationSyntaxReference is { } reference)
            {
                var location = reference.GetSyntax(context.CancellationToken).GetLocation();
                var contractType = attribute.AttributeClass.TypeArguments[0];
                var display = $"{direction}<{contractType.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString()}>";
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractAttributeWithoutClient, location, type.ToDisplayString(), display));
            }
        }
    }
}
