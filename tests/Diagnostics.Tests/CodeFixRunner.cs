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
        var project = workspace.CurrentSolution.GetProject(projectId)!;
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

    /// <summary>The analyzer diagnostics of <paramref name="sources"/> with the given id.</summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(string diagnosticId, params string[] sources)
        => (await AnalyzerRunner.GetDiagnosticsAsync(TestCompilation.Create(sources))).Where(d => d.Id == diagnosticId).ToImmutableArray();
}
