using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedWebSockets.Generator.Diagnostics.Analyzers;

/// <summary>
/// Checks a client's <c>[Requests&lt;TRequest, TResponse&gt;]</c> by the generator's own rules, with the diagnostics of
/// the same problems on <c>[Sends]</c>/<c>[Receives]</c>: unsupported (TWS0011) or less accessible (TWS0014) request or
/// response types, blank (TWS0019) or ill-formed (TWS0026) discriminators, a request type (TWS0007) or discriminator
/// (TWS0005) used twice, and a <c>RequestAsync</c> that clashes with a user member (TWS0009) or the client's name (TWS0025).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RequestsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnsupportedContractType,
        DiagnosticDescriptors.ContractLessAccessibleThanClient,
        DiagnosticDescriptors.EmptyWireName,
        DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
        DiagnosticDescriptors.DuplicateContract,
        DiagnosticDescriptors.DuplicateReceivedDiscriminator,
        DiagnosticDescriptors.MemberConflictsWithGeneratedMember,
        DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ClientAnalysis.Register(context, AnalyzeClient);
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, ClientInfo client, KnownTypes known)
    {
        var requests = new List<Request>();
        foreach (var attribute in client.Symbol.GetAttributes())
        {
            if (known.IsRequestsAttribute(attribute.AttributeClass) && !WebSocketClientGenerator.Parser.HasCompileErrors(attribute))
            {
                requests.Add(new Request(attribute, context));
            }
        }

        if (requests.Count == 0)
        {
            return;
        }

        var clientAccessibility = EffectiveAccessibility.Narrowest(client.Symbol);
        var types = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var discriminators = new Dictionary<string, Request>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var (type, role) in new[] { (request.RequestType, "request"), (request.ResponseType, "response") })
            {
                var display = type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();
                if (!WebSocketClientGenerator.Parser.IsUsableContractType(type))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnsupportedContractType,
                        request.Location,
                        display,
                        role,
                        client.DisplayName,
                        ContractTypeAnalyzer.UnsupportedReason(type) ?? "System.Text.Json cannot serialize it",
                        ContractTypeAnalyzer.ConcreteTypeFix));
                }
                else if (!AccessibilityDomain.IsVisibleWhereverClientMembersAre(type, client.Symbol))
                {
                    var accessibility = EffectiveAccessibility.Narrowest(type);
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ContractLessAccessibleThanClient,
                        request.Location,
                        display,
                        EffectiveAccessibility.Describe(accessibility),
                        client.DisplayName,
                        EffectiveAccessibility.Describe(clientAccessibility),
                        ContractTypeAnalyzer.AccessibilityFix(display, accessibility.Accessibility, client.DisplayName, clientAccessibility.Accessibility)));
                }
            }

            if (request.ExplicitDiscriminator is { } explicitDiscriminator)
            {
                if (ClientAnalysis.IsBlank(explicitDiscriminator))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.EmptyWireName,
                        request.Location,
                        $"discriminator value of {request.Display}",
                        client.DisplayName,
                        $"Pass a non-blank discriminator, or remove the argument to use the default '{request.DefaultDiscriminator}'"));
                    continue;
                }

                if (WebSocketClientGenerator.Parser.IndexOfUnpairedSurrogate(explicitDiscriminator) is var index and >= 0)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode,
                        request.Location,
                        request.Display,
                        client.DisplayName,
                        ((int)explicitDiscriminator[index]).ToString("X4", CultureInfo.InvariantCulture),
                        index));
                    continue;
                }
            }

            if (!types.Add(request.RequestType))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateContract, request.Location, request.RequestType.ToDisplayString(), "Requests", client.DisplayName));
                continue;
            }

            if (discriminators.TryGetValue(request.Discriminator, out var first))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateReceivedDiscriminator, request.Location, request.Display, client.DisplayName, request.Discriminator, first.Display));
            }
            else
            {
                discriminators.Add(request.Discriminator, request);
            }
        }

        var requestTypes = requests.ConvertAll(request => request.RequestType);
        foreach (var (index, member) in MemberCollisions.FindRequestCollisions(client.Symbol, requestTypes, known.CancellationToken, stopAtFirst: false))
        {
            var request = requests[index];
            if (member is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType,
                    MemberConflictAnalyzer.ClientNameLocation(client, context),
                    client.DisplayName,
                    MemberCollisions.RequestAsyncName,
                    request.Display,
                    "Rename the client"));
            }
            else if (MemberConflictAnalyzer.SourceLocation(member) is { } location)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MemberConflictsWithGeneratedMember,
                    location,
                    member.ToDisplayString(MemberConflictAnalyzer.s_memberFormat),
                    member is IMethodSymbol
                        ? $"the method 'RequestAsync({request.RequestType.ToDisplayString()}, TimeSpan?, CancellationToken)' for [{request.Display}]"
                        : $"the 'RequestAsync' methods of its [Requests]",
                    client.DisplayName));
            }
        }
    }

    private sealed class Request
    {
        public Request(AttributeData attribute, SymbolAnalysisContext context)
        {
            RequestType = attribute.AttributeClass!.TypeArguments[0];
            ResponseType = attribute.AttributeClass.TypeArguments[1];
            ExplicitDiscriminator = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
            DefaultDiscriminator = ContractNaming.ToCamelCase(WebSocketClientGenerator.Parser.GetTypeStem(RequestType));
            Discriminator = ExplicitDiscriminator ?? DefaultDiscriminator;
            Display = $"Requests<{RequestType.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString()}, {ResponseType.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString()}>";
            Location = (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax)?.GetLocation()
                ?? context.Symbol.Locations[0];
        }

        public ITypeSymbol RequestType { get; }

        public ITypeSymbol ResponseType { get; }

        public string? ExplicitDiscriminator { get; }

        public string DefaultDiscriminator { get; }

        public string Discriminator { get; }

        public string Display { get; }

        public Location Location { get; }
    }
}
