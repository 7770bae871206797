using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>
/// The naming rules of the public contract (DESIGN.md): a contract's member-name stem and default discriminator.
/// They are the generator's own (<see cref="WebSocketClientGenerator.Parser"/>), so the analyzers name members exactly
/// as the generated code does.
/// </summary>
internal static class ContractNaming
{
    /// <summary>
    /// The member-name stem of a contract type: its name, or for a closed generic type its name joined with its type
    /// arguments' stems (<c>Page&lt;Item&gt;</c> → <c>PageOfItem</c>, <c>Dictionary&lt;string, int&gt;</c> →
    /// <c>DictionaryOfStringAndInt32</c>); arrays append <c>Array</c> (<c>Item[]</c> → <c>ItemArray</c>).
    /// </summary>
    public static string GetStem(ITypeSymbol type) => WebSocketClientGenerator.Parser.GetTypeStem(type);

    /// <summary>The default discriminator: the stem with its first character lowercased (<c>JoinRoom</c> → <c>joinRoom</c>).</summary>
    public static string GetDefaultDiscriminator(ITypeSymbol type) => ToCamelCase(GetStem(type));

    public static string ToCamelCase(string name) => WebSocketClientGenerator.Parser.ToCamelCase(name);

    /// <summary>Whether <paramref name="name"/> can stand as a generated member name without escaping.</summary>
    public static bool IsValidMemberName(string? name) => WebSocketClientGenerator.Parser.IsValidMemberName(name);
}
