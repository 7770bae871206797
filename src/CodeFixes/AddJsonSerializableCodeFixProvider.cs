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

namespace TypedWebSockets.CodeFixes;

/// <summary>
/// Fixes TWS0016 by adding <c>[JsonSerializable(typeof(T))]</c> for the missing contract to the client's <c>JsonContext</c>,
/// wherever that class is declared in the solution.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddJsonSerializableCodeFixProvider))]
[Shared]
public sealed class AddJsonSerializableCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.JsonContextMissingContract.Id);

    /// <inheritdoc/>
    /// <remarks>Each fix may edit another document (the context's); fixing all of them batches those edits.</remarks>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var jsonSerializable = model.Compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
        var clientAttributeType = model.Compilation.GetTypeByMetadataName("TypedWebSockets.WebSocketClientAttribute");
        if (jsonSerializable is null || clientAttributeType is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var attribute = root.FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();
            if (attribute?.Parent?.Parent is not TypeDeclarationSyntax clientDeclaration
                || model.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol { ContainingType.TypeArguments.Length: 1 } constructor
                || model.GetDeclaredSymbol(clientDeclaration, context.CancellationToken) is not INamedTypeSymbol client
                || FindJsonContext(client, clientAttributeType) is not { } jsonContext
                || FindContextDeclaration(context.Document.Project.Solution, jsonContext, context.CancellationToken) is not { } target)
            {
                continue;
            }

            var contract = constructor.ContainingType.TypeArguments[0];
            var title = $"Add [JsonSerializable(typeof({contract.ToDisplayString()}))] to '{jsonContext.Name}'";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    cancellationToken => AddAttributeAsync(target.Document, target.Declaration, jsonSerializable, contract, cancellationToken),
                    equivalenceKey: "TypedWebSockets.AddJsonSerializable." + contract.ToDisplayString()),
                diagnostic);
        }
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

    private static (Document Document, TypeDeclarationSyntax Declaration)? FindContextDeclaration(Solution solution, INamedTypeSymbol jsonContext, CancellationToken cancellationToken)
    {
        // A context declared in several parts gets the attribute on the part that already lists types, else the first.
        (Document, TypeDeclarationSyntax)? first = null;
        foreach (var reference in jsonContext.DeclaringSyntaxReferences)
        {
            if (solution.GetDocument(reference.SyntaxTree) is not { } document
                || reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            if (declaration.AttributeLists.Count > 0)
            {
                return (document, declaration);
            }

            first ??= (document, declaration);
        }

        return first;
    }

    private static async Task<Solution> AddAttributeAsync(
        Document document, TypeDeclarationSyntax declaration, INamedTypeSymbol jsonSerializable, ITypeSymbol contract, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var generator = editor.Generator;

        // Fully qualified and annotated for simplification: the code action reduces the names to what the file's usings allow.
        var attribute = generator.Attribute(
            generator.TypeExpression(jsonSerializable),
            new[] { generator.AttributeArgument(generator.TypeOfExpression(generator.TypeExpression(contract))) });
        editor.AddAttribute(declaration, attribute);
        return editor.GetChangedDocument().Project.Solution;
    }
}
