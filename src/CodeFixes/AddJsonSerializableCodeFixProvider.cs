using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using TypedWebSockets.Generator.Diagnostics;
using TypedWebSockets.Generator.Diagnostics.Analyzers;

namespace TypedWebSockets.CodeFixes;

/// <summary>
/// Fixes TWS0016 by adding <c>[JsonSerializable(typeof(T))]</c> for the missing contract to the client's <c>JsonContext</c>,
/// wherever that class is declared in the solution.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddJsonSerializableCodeFixProvider))]
[Shared]
public sealed class AddJsonSerializableCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "TypedWebSockets.AddJsonSerializable";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.JsonContextMissingContract.Id);

    /// <inheritdoc/>
    /// <remarks>
    /// The fix edits the context's document, not the client's, and several fixes may add attributes at the same place:
    /// fixing all of them is done in one pass per context rather than by merging single fixes.
    /// </remarks>
    public override FixAllProvider GetFixAllProvider() => AddAllJsonSerializableFixAllProvider.Instance;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await ResolveAsync(solution, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } fix)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add [JsonSerializable(typeof({fix.Contract.ToDisplayString()}))] to '{fix.JsonContext.Name}'",
                    cancellationToken => ApplyAsync(solution, new[] { fix }, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>What one TWS0016 asks for: which attribute to add to which declaration.</summary>
    private sealed class MissingContract
    {
        public MissingContract(DocumentId document, TypeDeclarationSyntax declaration, INamedTypeSymbol jsonContext, INamedTypeSymbol jsonSerializable, ITypeSymbol contract)
        {
            Document = document;
            Declaration = declaration;
            JsonContext = jsonContext;
            JsonSerializable = jsonSerializable;
            Contract = contract;
        }

        public DocumentId Document { get; }

        public TypeDeclarationSyntax Declaration { get; }

        public INamedTypeSymbol JsonContext { get; }

        public INamedTypeSymbol JsonSerializable { get; }

        public ITypeSymbol Contract { get; }
    }

    /// <summary>Finds the contract of the reported attribute and the declaration of its client's JsonContext.</summary>
    private static async Task<MissingContract?> ResolveAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (solution.GetDocument(diagnostic.Location.SourceTree) is not { } document
            || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return null;
        }

        var jsonSerializable = model.Compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
        var clientAttributeType = model.Compilation.GetTypeByMetadataName("TypedWebSockets.WebSocketClientAttribute");
        var attribute = root.FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();
        if (jsonSerializable is null
            || clientAttributeType is null
            || attribute?.Parent?.Parent is not TypeDeclarationSyntax clientDeclaration
            || !int.TryParse(diagnostic.Properties.GetValueOrDefault(JsonContextAnalyzer.TypeArgumentProperty) ?? "0", out var typeArgument)
            || model.GetSymbolInfo(attribute, cancellationToken).Symbol is not IMethodSymbol constructor
            || typeArgument < 0
            || typeArgument >= constructor.ContainingType.TypeArguments.Length
            || model.GetDeclaredSymbol(clientDeclaration, cancellationToken) is not INamedTypeSymbol client
            || FindJsonContext(client, clientAttributeType) is not { } jsonContext
            || FindContextDeclaration(solution, jsonContext, cancellationToken) is not { } target)
        {
            return null;
        }

        return new MissingContract(target.Document, target.Declaration, jsonContext, jsonSerializable, constructor.ContainingType.TypeArguments[typeArgument]);
    }

    private static INamedTypeSymbol? FindJsonContext(INamedTypeSymbol client, INamedTypeSymbol clientAttributeType)
    {
        foreach (var attribute in client.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, clientAttributeType))
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "JsonContext" && argument.Value.Value is INamedTypeSymbol jsonContext)
                    {
                        return jsonContext;
                    }
                }
            }
        }

        return null;
    }

    private static (DocumentId Document, TypeDeclarationSyntax Declaration)? FindContextDeclaration(Solution solution, INamedTypeSymbol jsonContext, CancellationToken cancellationToken)
    {
        // A context declared in several parts gets the attribute on the part that already has attributes, else the first.
        (DocumentId, TypeDeclarationSyntax)? first = null;
        foreach (var reference in jsonContext.DeclaringSyntaxReferences)
        {
            if (solution.GetDocument(reference.SyntaxTree) is not { } document
                || reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            if (declaration.AttributeLists.Count > 0)
            {
                return (document.Id, declaration);
            }

            first ??= (document.Id, declaration);
        }

        return first;
    }

    /// <summary>Adds the attributes, each contract once per context declaration, in the order the diagnostics came.</summary>
    private static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<MissingContract> fixes, CancellationToken cancellationToken)
    {
        foreach (var byDocument in fixes.GroupBy(fix => fix.Document))
        {
            var document = solution.GetDocument(byDocument.Key)!;
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var generator = editor.Generator;
            foreach (var byDeclaration in byDocument.GroupBy(fix => fix.Declaration.Span))
            {
                // The node as the editor's tree has it (the fixes may come from another snapshot's tree).
                var declaration = editor.OriginalRoot.FindNode(byDeclaration.Key).AncestorsAndSelf().OfType<TypeDeclarationSyntax>().First();
                var added = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
                foreach (var fix in byDeclaration)
                {
                    if (!added.Add(fix.Contract))
                    {
                        continue;
                    }

                    // Fully qualified and annotated for simplification: the code action reduces the names to what the file's usings allow.
                    var attribute = generator.Attribute(
                        generator.TypeExpression(fix.JsonSerializable),
                        new[] { generator.AttributeArgument(generator.TypeOfExpression(generator.TypeExpression(fix.Contract))) });
                    editor.AddAttribute(declaration, attribute);
                }
            }

            solution = editor.GetChangedDocument().Project.Solution;
        }

        return solution;
    }

    private sealed class AddAllJsonSerializableFixAllProvider : FixAllProvider
    {
        public static readonly AddAllJsonSerializableFixAllProvider Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
            => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<Diagnostic>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document is not null:
                    diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in fixAllContext.Solution.Projects)
                    {
                        diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }

                    break;
            }

            var solution = fixAllContext.Solution;
            return CodeAction.Create(
                "Add the missing [JsonSerializable] attributes",
                async cancellationToken =>
                {
                    var fixes = new List<MissingContract>();
                    foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
                    {
                        if (await ResolveAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false) is { } fix)
                        {
                            fixes.Add(fix);
                        }
                    }

                    return await ApplyAsync(solution, fixes, cancellationToken).ConfigureAwait(false);
                },
                EquivalenceKey);
        }
    }
}
