using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedWebSockets.Generator.Tests.Infrastructure;

/// <summary>
/// The System.Text.Json source generator, loaded from the targeting pack of the running .NET, where a build finds it.
/// Sources with a <c>partial class ... : JsonSerializerContext</c> only compile once it has added the context's members.
/// </summary>
internal static class SystemTextJsonGenerator
{
    private const string FileName = "System.Text.Json.SourceGeneration.dll";

    private static readonly Lazy<IReadOnlyList<ISourceGenerator>> s_generators = new(LoadGenerators);

    public static IReadOnlyList<ISourceGenerator> Load() => s_generators.Value;

    private static IReadOnlyList<ISourceGenerator> LoadGenerators()
    {
        var path = FindGenerator();
        var generators = new AnalyzerFileReference(path, new AssemblyLoader()).GetGenerators(LanguageNames.CSharp);
        return generators.IsEmpty
            ? throw new InvalidOperationException($"{path} holds no C# source generator.")
            : generators;
    }

    // {dotnet}/shared/Microsoft.NETCore.App/{version}/ → {dotnet}/packs/Microsoft.NETCore.App.Ref/{version}/analyzers/dotnet/[roslyn4.x/]cs/
    private static string FindGenerator()
    {
        var runtimeDirectory = new DirectoryInfo(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        var dotnetRoot = runtimeDirectory.Parent?.Parent?.Parent
                         ?? throw new InvalidOperationException($"{runtimeDirectory} is not inside a .NET installation.");
        var packs = new DirectoryInfo(Path.Combine(dotnetRoot.FullName, "packs", "Microsoft.NETCore.App.Ref"));
        var runtimeVersion = Version.Parse(runtimeDirectory.Name.Split('-')[0]);
        var candidates = packs.Exists
            ? packs.EnumerateDirectories()
                .Where(pack => Version.TryParse(pack.Name.Split('-')[0], out var version) && version.Major == runtimeVersion.Major)
                .OrderByDescending(pack => pack.Name == runtimeDirectory.Name)
                .ThenByDescending(pack => Version.Parse(pack.Name.Split('-')[0]))
                .SelectMany(pack => Directory.EnumerateFiles(Path.Combine(pack.FullName, "analyzers", "dotnet"), FileName, SearchOption.AllDirectories))
                .Where(file => Path.GetFileName(Path.GetDirectoryName(file)) == "cs")
                .ToList()
            : [];
        return candidates.Count > 0
            ? candidates[0]
            : throw new InvalidOperationException(
                $"No {FileName} for .NET {runtimeVersion.Major} under {packs.FullName}; the test needs the targeting pack the SDK installs.");
    }

    private sealed class AssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
