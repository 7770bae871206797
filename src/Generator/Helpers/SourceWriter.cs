using System;
using System.Text;

namespace TypedWebSockets.Generator.Helpers;

/// <summary>
/// Builds C# source text line by line with an indentation level, so the emitter reads like the code it writes.
/// Lines end with <c>\n</c> whatever the platform, so the output is the same everywhere.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder _builder = new();
    private int _indentation;

    /// <summary>Writes one line at the current indentation (an empty line has no trailing spaces).</summary>
    public void WriteLine(string line)
    {
        if (line.Length > 0)
        {
            for (var i = 0; i < _indentation; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(line);
        }

        _builder.Append('\n');
    }

    /// <summary>Writes an empty line.</summary>
    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes <c>{</c>, indents, and returns a scope whose disposal unindents and writes <c>}</c>.</summary>
    public Block WriteBlock()
    {
        WriteLine("{");
        _indentation++;
        return new Block(this);
    }

    /// <summary>Runs <paramref name="write"/> one level further indented (for continuation lines).</summary>
    public void Indented(Action write)
    {
        _indentation++;
        write();
        _indentation--;
    }

    public override string ToString() => _builder.ToString();

    private void CloseBlock()
    {
        _indentation--;
        WriteLine("}");
    }

    /// <summary>Closes a block opened by <see cref="WriteBlock"/>.</summary>
    public readonly struct Block : IDisposable
    {
        private readonly SourceWriter _writer;

        public Block(SourceWriter writer) => _writer = writer;

        public void Dispose() => _writer.CloseBlock();
    }
}
