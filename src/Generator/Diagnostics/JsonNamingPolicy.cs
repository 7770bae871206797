using System.Globalization;
using System.Text;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>The property naming policies System.Text.Json knows (values of <c>JsonKnownNamingPolicy</c>).</summary>
internal enum JsonNamingPolicy
{
    None = 0,
    CamelCase = 1,
    SnakeCaseLower = 2,
    SnakeCaseUpper = 3,
    KebabCaseLower = 4,
    KebabCaseUpper = 5,
}

/// <summary>Applies a <see cref="JsonNamingPolicy"/> to a CLR member name the way System.Text.Json does.</summary>
internal static class JsonNaming
{
    public static string Apply(JsonNamingPolicy policy, string name) => policy switch
    {
        JsonNamingPolicy.CamelCase => ToCamelCase(name),
        JsonNamingPolicy.SnakeCaseLower => ToSeparated(name, '_', lowercase: true),
        JsonNamingPolicy.SnakeCaseUpper => ToSeparated(name, '_', lowercase: false),
        JsonNamingPolicy.KebabCaseLower => ToSeparated(name, '-', lowercase: true),
        JsonNamingPolicy.KebabCaseUpper => ToSeparated(name, '-', lowercase: false),
        _ => name,
    };

    // JsonCamelCaseNamingPolicy: lowercase the leading run of capitals, except the last one before a lowercase letter.
    private static string ToCamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }

                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    private enum SeparatorState
    {
        NotStarted,
        UppercaseLetter,
        LowercaseLetterOrDigit,
        SpaceSeparator,
    }

    // JsonSeparatorNamingPolicy: a separator before each word (a capital after a lowercase letter or digit, or the last
    // capital of a run followed by a lowercase letter), spaces collapsed into separators.
    private static string ToSeparated(string name, char separator, bool lowercase)
    {
        var builder = new StringBuilder(name.Length + 4);
        var state = SeparatorState.NotStarted;
        for (var i = 0; i < name.Length; i++)
        {
            var current = name[i];
            switch (char.GetUnicodeCategory(current))
            {
                case UnicodeCategory.UppercaseLetter:
                    switch (state)
                    {
                        case SeparatorState.LowercaseLetterOrDigit:
                        case SeparatorState.SpaceSeparator:
                            builder.Append(separator);
                            break;
                        case SeparatorState.UppercaseLetter when i + 1 < name.Length && char.IsLower(name[i + 1]):
                            builder.Append(separator);
                            break;
                    }

                    builder.Append(lowercase ? char.ToLowerInvariant(current) : current);
                    state = SeparatorState.UppercaseLetter;
                    break;
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.DecimalDigitNumber:
                    if (state == SeparatorState.SpaceSeparator)
                    {
                        builder.Append(separator);
                    }

                    builder.Append(!lowercase && char.IsLower(current) ? char.ToUpperInvariant(current) : current);
                    state = SeparatorState.LowercaseLetterOrDigit;
                    break;
                case UnicodeCategory.SpaceSeparator:
                    if (state != SeparatorState.NotStarted)
                    {
                        state = SeparatorState.SpaceSeparator;
                    }

                    break;
                default:
                    builder.Append(current);
                    state = SeparatorState.NotStarted;
                    break;
            }
        }

        return builder.ToString();
    }
}
