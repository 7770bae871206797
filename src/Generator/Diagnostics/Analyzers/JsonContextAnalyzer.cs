using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks how a client serializes: a <c>JsonContext</c> must be a <c>JsonSerializerContext</c> that knows every
/// contract, and a project that is trimmed or compiled ahead of time should not fall back to reflection.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JsonContextAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// MSBuild properties that make reflection-based serialization unsafe. <c>buildTransitive/TypedWebSockets.props</c>
    /// makes them visible to analyzers (<c>CompilerVisibleProperty</c>).
    /// </summary>
    internal static readonly ImmutableArray<string> TrimmingProperties = ImmutableArray.Create("PublishAot", "IsAotCompatible", "IsTrimmable", "PublishTrimmed");

    /// <summary>
    /// The property of a TWS0016 diagnostic that says which type argument of the reported attribute the context lacks:
    /// <c>"0"</c> for <c>[Sends&lt;T&gt;]</c>, <c>[Receives&lt;T&gt;]</c> and a request, <c>"1"</c> for a response of
    /// <c>[Requests&lt;TRequest, TResponse&gt;]</c>. The code fix adds that type.
    /// </summary>
    public const string TypeArgumentProperty = "TypeArgument";

    private static readonly ImmutableDictionary<string, string?> s_firstTypeArgument = ImmutableDictionary<string, string?>.Empty.Add(TypeArgumentProperty, "0");
    private static readonly ImmutableDictionary<string, string?> s_secondTypeArgument = ImmutableDictionary<string, string?>.Empty.Add(TypeArgumentProperty, "1");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.JsonContextIsNotSerializerContext,
        DiagnosticDescriptors.JsonContextMissingContract,
        DiagnosticDescriptors.ReflectionSerializationInTrimmedProject);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ClientAnalysis.Register(context, AnalyzeClient);
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        if (client.HasJsonContext)
        {
            AnalyzeContext(context, client, known);
        }
        else if ((client.Contracts.Length > 0 || client.Requests.Length > 0) && TrimmingPropertiesSet(context) is { } properties)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ReflectionSerializationInTrimmedProject, client.Location, client.DisplayName, properties));
        }
    }

    private static void AnalyzeContext(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        var jsonContext = client.JsonContext!;
        if (jsonContext.TypeKind == TypeKind.Error)
        {
            return;
        }

        // The generator's own rule: a context it would skip the client for is always reported.
        var problem = JsonContextRules.GetProblem(jsonContext, client.Symbol, context.Compilation, known.JsonSerializerContext);
        if (problem != JsonContextProblem.None || known.JsonSerializerContext is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.JsonContextIsNotSerializerContext,
                client.NamedArgumentLocation("JsonContext"),
                jsonContext.ToDisplayString(),
                client.DisplayName,
                problem switch
                {
                    JsonContextProblem.OpenGeneric => "is an open generic type, which has no Default instance the client could use",
                    JsonContextProblem.NotAccessible => $"is not accessible from '{client.DisplayName}'",
                    _ => "does not derive from System.Text.Json.Serialization.JsonSerializerContext",
                }));
            return;
        }

        var reachable = new JsonShape(known).ReachableFromContext(jsonContext);
        var reported = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var contract in client.Contracts)
        {
            ReportIfMissing(contract.Type, contract.TypeDisplay, contract.Location, s_firstTypeArgument);
        }

        foreach (var request in client.Requests)
        {
            ReportIfMissing(request.RequestType, request.RequestTypeDisplay, request.Location, s_firstTypeArgument);
            ReportIfMissing(request.ResponseType, request.ResponseTypeDisplay, request.Location, s_secondTypeArgument);
        }

        void ReportIfMissing(ITypeSymbol type, string display, Location location, ImmutableDictionary<string, string?> properties)
        {
            if (!reachable.Contains(type) && reported.Add(type))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.JsonContextMissingContract, location, properties, jsonContext.ToDisplayString(), client.DisplayName, display));
            }
        }
    }

    private static string? TrimmingPropertiesSet(SymbolAnalysisContext context)
    {
        var options = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
        List<string>? set = null;
        foreach (var property in TrimmingProperties)
        {
            if (options.TryGetValue("build_property." + property, out var value)
                && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            {
                (set ??= new List<string>()).Add(property + "=true");
            }
        }

        return set is null ? null : string.Join(", ", set);
    }
}
