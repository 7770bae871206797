using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace TypedWebSockets.Messaging;

/// <summary>
/// Where a <see cref="MessageReader"/> found the value at one of its format's paths: offsets into the message, no
/// copy. Generated dispatchers allocate one per read path on the stack; application code does not need it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[StructLayout(LayoutKind.Auto)]
public struct MessageValue
{
    /// <summary>The offset of the value's first byte (the opening quote of a string).</summary>
    internal int Start;

    /// <summary>The offset just past the value's last byte.</summary>
    internal int End;

    /// <summary>An integral number value (<see cref="IsInteger"/>).</summary>
    internal long Number;

    internal MessageValueState State;

    internal JsonTokenType TokenType;

    /// <summary>A string value holds escapes (<c>\u00e9</c>): compared through the JSON reader, not byte by byte.</summary>
    internal bool IsEscaped;

    /// <summary>A string value has no text: bytes that are not UTF-8, or an escaped unpaired surrogate.</summary>
    internal bool IsUndecodable;

    /// <summary>A number value is integral and fits a <see langword="long"/> (<c>10</c>, <c>10.0</c>, <c>1e1</c>).</summary>
    internal bool IsInteger;

    /// <summary>Which kinds of contract were compared with the value (a string or number kind), for the error a match-less message gets.</summary>
    internal MessageValueKinds Tried;
}

/// <summary>Whether a path's value was found once, never, or more than once.</summary>
internal enum MessageValueState : byte
{
    Absent,
    Found,
    Duplicate,
}

/// <summary>The kinds of value contracts compared with a path.</summary>
[System.Flags]
internal enum MessageValueKinds : byte
{
    None = 0,
    String = 1,
    Number = 2,
}
