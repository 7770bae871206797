using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>The registration every client analyzer shares: once per compilation that references TypedWebSockets, once per client class.</summary>
internal static class ClientAnalysis
{
    /// <remarks>The analyzer's own <c>Initialize</c> still configures generated-code analysis and concurrency (RS1025, RS1026).</remarks>
    public static void Register(AnalysisContext context, Action<SymbolAnalysisContext, ClientInfo, KnownTypes> analyzeClient)
    {
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.TryCreate(start.Compilation) is not { } known)
            {
                return;
            }

            start.RegisterSymbolAction(
                symbolContext =>
                {
                    if (symbolContext.Symbol is INamedTypeSymbol type
                        && ClientInfo.TryCreate(type, known, symbolContext.CancellationToken) is { } client)
                    {
                        analyzeClient(symbolContext, client, known);
                    }
                },
                SymbolKind.NamedType);
        });
    }
}
