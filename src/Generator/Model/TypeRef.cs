namespace TypedWebSockets.Generator.Model;

/// <summary>A type as the emitter writes it, with no symbol behind it.</summary>
/// <param name="FullyQualifiedName">The <c>global::</c>-qualified C# name, e.g. <c>global::MyApp.Page&lt;global::MyApp.Item&gt;</c>.</param>
/// <param name="DocReference">
/// How XML documentation refers to it: <c>&lt;see cref="global::MyApp.ChatMessage"/&gt;</c>, or, where a cref cannot
/// name the constructed type (generics, arrays, tuples), <c>&lt;c&gt;Page&amp;lt;Item&amp;gt;&lt;/c&gt;</c>.
/// </param>
internal sealed record TypeRef(string FullyQualifiedName, string DocReference)
{
    public override string ToString() => FullyQualifiedName;
}
