using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

/// <summary>Applies a code fix through an <see cref="AdhocWorkspace"/> the way an IDE does, and returns the documents' new text.</summary>
internal static class CodeFixRunner
{
    /// <summary>
    /// Creates a project of <paramref name="sources"/> (named Test0.cs, Test1.cs, ...), applies the single fix
    /// <paramref name="provider"/> offers for the diagnostic <paramref name="diagnosticId"/> at index <paramref name="diagnosticIndex"/>,
    /// and returns the code action's title and the text of every document afterwards.
    /// </summary>
    public static async Task<(string Title, string[] Sources)> ApplyAsync(CodeFixProvider provider, string diagnosticId, string[] sources, int diagnosticIndex = 0)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cancellationToken = timeout.Token;
        using var workspace = new AdhocWorkspace();
        var (project, documentIds) = CreateProject(workspace, sources);
        var compilation = (await project.GetCompilationAsync(cancellationToken))!;
        var diagnostics = (await AnalyzerRunner.GetDiagnosticsAsync(compilation)).Where(d => d.Id == diagnosticId).ToList();
        Assert.True(diagnostics.Count > diagnosticIndex, $"Expected a {diagnosticId} diagnostic at index {diagnosticIndex}, got {diagnostics.Count}.");
        var diagnostic = diagnostics[diagnosticIndex];
        Assert.Contains(diagnosticId, provider.FixableDiagnosticIds);

        var document = workspace.CurrentSolution.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        await provider.RegisterCodeFixesAsync(context);
        var fix = Assert.Single(actions);

        var operations = await fix.GetOperationsAsync(cancellationToken);
        var apply = Assert.Single(operations.OfType<ApplyChangesOperation>());
        var changed = apply.ChangedSolution;
        var texts = new string[sources.Length];
        for (var i = 0; i < documentIds.Count; i++)
        {
            texts[i] = (await changed.GetDocument(documentIds[i])!.GetTextAsync(cancellationToken)).ToString();
        }

        return (fix.Title, texts);
    }

    /// <summary>
    /// Applies the provider's fix-all action to every <paramref name="diagnosticId"/> diagnostic of the project
    /// and returns the action's title and the text of every document afterwards.
    /// </summary>
    public static async Task<(string Title, string[] Sources)> FixAllAsync(CodeFixProvider provider, string diagnosticId, string equivalenceKey, string[] sources)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cancellationToken = timeout.Token;
        using var workspace = new AdhocWorkspace();
        var (project, documentIds) = CreateProject(workspace, sources);
        var compilation = (await project.GetCompilationAsync(cancellationToken))!;
        var diagnostics = (await AnalyzerRunner.GetDiagnosticsAsync(compilation)).Where(d => d.Id == diagnosticId).ToImmutableArray();
        Assert.True(diagnostics.Length > 1, $"Fix all needs several {diagnosticId} diagnostics, got {diagnostics.Length}.");

        var fixAllProvider = provider.GetFixAllProvider();
        Assert.NotNull(fixAllProvider);
        Assert.Contains(FixAllScope.Project, fixAllProvider.GetSupportedFixAllScopes());
        var context = new FixAllContext(
            project, provider, FixAllScope.Project, equivalenceKey, [diagnosticId], new FixedDiagnosticProvider(diagnostics), cancellationToken);
        var fix = await fixAllProvider.GetFixAsync(context);
        Assert.NotNull(fix);

        var operations = await fix.GetOperationsAsync(cancellationToken);
        var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        var texts = new string[sources.Length];
        for (var i = 0; i < documentIds.Count; i++)
        {
            texts[i] = (await changed.GetDocument(documentIds[i])!.GetTextAsync(cancellationToken)).ToString();
        }

        return (fix.Title, texts);
    }

    private static (Project Project, List<DocumentId> DocumentIds) CreateProject(AdhocWorkspace workspace, string[] sources)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "TestProject",
            "TestAssembly",
            LanguageNames.CSharp,
            compilationOptions: TestCompilation.CompilationOptions,
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: TestCompilation.References));
        var documentIds = new List<DocumentId>();
        for (var i = 0; i < sources.Length; i++)
        {
            var documentId = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(documentId, $"Test{i}.cs", sources[i], filePath: $"Test{i}.cs");
            documentIds.Add(documentId);
        }

        Assert.True(workspace.TryApplyChanges(solution), "The workspace rejected the test project.");
        return (workspace.CurrentSolution.GetProject(projectId)!, documentIds);
    }

    /// <summary>Hands the fix-all provider the diagnostics the analyzers reported.</summary>
    private sealed class FixedDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }

    /// <summary>The analyzer diagnostics of <paramref name="sources"/> with the given id.</summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(string diagnosticId, params string[] sources)
        => (await AnalyzerRunner.GetDiagnosticsAsync(TestCompilation.Create(sources))).Where(d => d.Id == diagnosticId).ToImmutableArray();
}
