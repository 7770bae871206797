using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedWebSockets.Generator.Diagnostics;

namespace TypedWebSockets.CodeFixes;

/// <summary>
/// Fixes TWS0001 and TWS0002 by adding <c>partial</c> to the reported type and to every type declaration around it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialModifierCodeFixProvider))]
[Shared]
public sealed class AddPartialModifierCodeFixProvider : CodeFixProvider
{
    private const string EquivalenceKey = "TypedWebSockets.AddPartial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ClientMustBePartial.Id,
        DiagnosticDescriptors.ContainingTypeMustBePartial.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindDeclaration(root, diagnostic) is not { } declaration)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make '{declaration.Identifier.ValueText}' partial",
                    cancellationToken => AddPartialAsync(context.Document, new[] { diagnostic }, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        => await AddPartialAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    private static async Task<Document> AddPartialAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // The reported type and everything around it: the generated code re-declares all of them as partial.
        var targets = new HashSet<TypeDeclarationSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindDeclaration(root, diagnostic) is { } declaration)
            {
                foreach (var type in declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>())
                {
                    if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        targets.Add(type);
                    }
                }
            }
        }

        var newRoot = root.ReplaceNodes(targets, static (_, rewritten) => AddPartial(rewritten));
        return document.WithSyntaxRoot(newRoot);
    }

    private static TypeDeclarationSyntax? FindDeclaration(SyntaxNode? root, Diagnostic diagnostic)
        => root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();

    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        // 'partial' must come last, right before the class/struct/record keyword.
        if (declaration.Modifiers.Count > 0)
        {
            return declaration.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        // Without modifiers the keyword carries the declaration's leading trivia (indentation, comments): move it to 'partial'.
        var keyword = declaration.Keyword;
        var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return declaration
            .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
            .WithModifiers(SyntaxFactory.TokenList(partial));
    }
}
