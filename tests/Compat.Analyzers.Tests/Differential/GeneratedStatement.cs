using System.Collections.Generic;
using System.Text;

namespace Compat.Analyzers.Tests.Differential;

/// <summary>
/// A statement of a generated handler: a small tree that renders to C# and that the shrinker can cut down. Leaves
/// render one line; compound statements hold blocks of further statements.
/// </summary>
internal abstract record GeneratedStatement
{
    /// <summary>The blocks this statement holds, for the shrinker (which may remove or hoist their statements).</summary>
    public virtual IReadOnlyList<IReadOnlyList<GeneratedStatement>> Blocks => [];

    /// <summary>The same statement with new blocks, in <see cref="Blocks"/> order.</summary>
    public virtual GeneratedStatement WithBlocks(IReadOnlyList<IReadOnlyList<GeneratedStatement>> blocks) => this;

    /// <summary>Writes the statement at an indentation.</summary>
    public abstract void Render(StringBuilder code, int indent);

    protected static void Line(StringBuilder code, int indent, string text) => code.Append(' ', indent * 4).Append(text).Append('\n');

    protected static void RenderBlock(StringBuilder code, int indent, IReadOnlyList<GeneratedStatement> block)
    {
        Line(code, indent, "{");
        foreach (var statement in block) statement.Render(code, indent + 1);
        Line(code, indent, "}");
    }
}

/// <summary>A line of code with no nested statements: a write, a side effect, a return, a helper call.</summary>
internal sealed record Leaf(string Code) : GeneratedStatement
{
    public override void Render(StringBuilder code, int indent) => Line(code, indent, Code);
}

/// <summary><c>Label: statement</c>, jumped to by a goto earlier in the same block.</summary>
internal sealed record Labelled(string Label, Leaf Statement) : GeneratedStatement
{
    public override void Render(StringBuilder code, int indent) => Line(code, indent, $"{Label}: {Statement.Code}");
}

/// <summary>A statement with one or more blocks: <c>if</c>, loops, <c>try</c>, <c>using</c>, <c>switch</c>.</summary>
/// <param name="Heads">The text before each block (<c>if (...)</c>, <c>else</c>, <c>finally</c>, <c>case 0:</c>).</param>
/// <param name="Bodies">The blocks.</param>
/// <param name="Open">A line before the first head (<c>switch (...) {</c>), or null.</param>
/// <param name="Close">A line after the last block, or null.</param>
internal sealed record Compound(IReadOnlyList<string> Heads, IReadOnlyList<IReadOnlyList<GeneratedStatement>> Bodies, string? Open = null, string? Close = null) : GeneratedStatement
{
    public override IReadOnlyList<IReadOnlyList<GeneratedStatement>> Blocks => Bodies;

    public override GeneratedStatement WithBlocks(IReadOnlyList<IReadOnlyList<GeneratedStatement>> blocks) => this with { Bodies = blocks };

    public override void Render(StringBuilder code, int indent)
    {
        var inner = indent;
        if (Open is not null)
        {
            Line(code, indent, Open);
            inner++;
        }

        for (var i = 0; i < Heads.Count; i++)
        {
            Line(code, inner, Heads[i]);
            RenderBlock(code, inner, Bodies[i]);
        }

        if (Close is not null) Line(code, indent, Close);
    }
}
