using System;
using System.Collections.Generic;
using System.Linq;

namespace Compat.Analyzers.Tests.Differential;

/// <summary>
/// Makes random legal old-style handlers from a seed: writes in every call form, side effects, branches, loops,
/// switch, try/catch/finally, using, goto and labels, early returns of every collection shape, private helpers that
/// take write, locals of type Write that are not the response's, excInfo restarts and body reads. Every chunk is
/// made by <c>B("...")</c>, which logs, so the order in which chunks are computed is compared along with the bytes.
/// </summary>
internal sealed class HandlerGenerator
{
    private const int MaxDepth = 3;

    private static readonly string[] Prologues =
    [
        "var write = start(\"200 OK\", H);",
        "Write write;|if (Q(environ, 3)) write = start(\"200 OK\", H); else write = start(\"404 Not Found\", H);",
        "Log.Add(\"before start\");|var write = start(\"201 Created\", H);",
        "var write = start(\"200 OK\", H);|try { Check(environ); } catch (InvalidOperationException ex) { write = start(\"500 Internal Server Error\", H, ExceptionDispatchInfo.Capture(ex)); }",
        "var first = start(\"200 OK\", H);|var write = first;",
    ];

    private readonly Random _random;
    private readonly int _maxDepth;
    private readonly int _maxStatements;
    private int _names;

    // Most programs are small, so that one construct the fix must decline does not hide every other one; some are
    // large, for the interactions.
    private HandlerGenerator(int seed)
    {
        _random = new Random(seed);
        var large = _random.Next(4) == 0;
        _maxDepth = large ? MaxDepth : 2;
        _maxStatements = large ? 6 : 3;
    }

    /// <summary>The program for a seed; the same seed gives the same program.</summary>
    public static GeneratedProgram Generate(int seed) => new HandlerGenerator(seed).Program(seed);

    private GeneratedProgram Program(int seed)
    {
        var prologue = Prologues[_random.Next(Prologues.Length)].Split('|').Select(line => (GeneratedStatement)new Leaf(line)).ToList();
        var helpers = Enumerable.Range(0, _random.Next(3))
            .Select(i => ($"Emit{i}", Helper(i)))
            .ToList();
        var context = new Context("write", false, helpers.Select(h => h.Item1).ToList());
        var body = Block(0, context);
        AddGoto(body);
        body.Add(new Leaf($"return {Returned()};"));
        return new GeneratedProgram(seed, prologue, body, helpers);
    }

    // A helper's body: a block, or an arrow that writes or passes write to the helper before it.
    private IReadOnlyList<GeneratedStatement> Helper(int index) => _random.Next(4) switch
    {
        0 => [new Leaf($"=> w(B(s + \"{Name("arrow")}\"));")],
        1 when index > 0 => [new Leaf($"=> Emit{index - 1}(w, s + \"{Name("pass")}\");")],
        _ => Block(1, new Context("w", true, [])),
    };

    private List<GeneratedStatement> Block(int depth, Context context) =>
        Enumerable.Range(0, _random.Next(1, (depth == 0 ? _maxStatements : 3) + 1)).Select(_ => Statement(depth, context)).ToList();

    private GeneratedStatement Statement(int depth, Context context)
    {
        var nested = depth < _maxDepth;
        var condition = context.IsHelper ? $"s.Length % 2 == {_random.Next(2)}" : $"Q(environ, {_random.Next(4)})";
        var w = context.Write;
        switch (_random.Next(100))
        {
            case < 28:
                return Write(w);
            case < 40:
                return new Leaf($"Log.Add(\"{Name("e")}\");");
            case < 50 when nested:
                return _random.Next(2) == 0
                    ? new Compound([$"if ({condition})"], [Block(depth + 1, context)])
                    : new Compound([$"if ({condition})", "else"], [Block(depth + 1, context), Block(depth + 1, context)]);
            case < 55 when nested:
                var i = Name("i");
                return new Compound([$"for (var {i} = 0; {i} < 2; {i}++)"], [Block(depth + 1, context)]);
            case < 60 when nested:
                return new Compound([$"foreach (var {Name("v")} in new[] {{ \"x\", \"y\" }})"], [Block(depth + 1, context)]);
            case < 62 when nested:
                return new Compound([$"foreach (var ({Name("k")}, {Name("n")}) in new[] {{ (\"k\", 1), (\"l\", 2) }})"], [Block(depth + 1, context)]);
            case < 65 when nested:
                return new Compound([$"foreach (var {Name("z")} in Lazy(\"{Name("lazy")}\"))"], [Block(depth + 1, context)]);
            case < 69 when nested:
                return new Compound(
                    ["case 0:", "case 1:", "default:"],
                    [Closed(Block(depth + 1, context)), Closed(Block(depth + 1, context)), Closed(Block(depth + 1, context))],
                    Open: $"switch ({(context.IsHelper ? "s.Length" : "environ.QueryString.Length")} % 3) {{",
                    Close: "}");
            case < 74 when nested:
                return new Compound(["try", "finally"], [Block(depth + 1, context), [new Leaf($"Log.Add(\"{Name("finally")}\");")]]);
            case < 77 when nested:
                return new Compound(["try", "catch (InvalidOperationException)"], [Block(depth + 1, context), [new Leaf($"Log.Add(\"{Name("caught")}\");")]]);
            case < 81 when nested:
                return new Compound([$"using (new Scope(\"{Name("scope")}\"))"], [Block(depth + 1, context)]);
            case < 87 when !context.IsHelper && nested:
                return new Compound([$"if ({condition})"], [[new Leaf($"return {Returned()};")]]);
            case < 94 when !context.IsHelper && context.Helpers.Count > 0:
                return new Leaf($"{context.Helpers[_random.Next(context.Helpers.Count)]}({w}, \"{Name("h")}\");");
            case < 95 when !context.IsHelper:
                var audit = Name("audit");
                return new Leaf($"Write {audit} = d => Log.Add(\"{audit} \" + d.Length); {audit}(B(\"{Name("a")}\"));");
            case < 97 when nested:
                return new Compound(["foreach (var c in \"ab\"u8)"], [[new Leaf($"{w}([c]);")]]);
            case < 99 when !context.IsHelper:
                return new Leaf("Log.Add(\"body \" + new StreamReader(environ.Input).ReadToEnd());");
            default:
                return Write(w);
        }
    }

    // A switch section's block ends in break, so each can be generated and shrunk like any other block.
    private static List<GeneratedStatement> Closed(List<GeneratedStatement> block)
    {
        block.Add(new Leaf("break;"));
        return block;
    }

    private GeneratedStatement Write(string w)
    {
        var chunk = _random.Next(12) == 0 ? "Array.Empty<byte>()" : $"B(\"{Name("t")}\")";
        return new Leaf(_random.Next(8) switch
        {
            0 => $"{w}.Invoke({chunk});",
            1 => $"{w}?.Invoke({chunk});",
            2 => $"{w}!({chunk});",
            _ => $"{w}({chunk});",
        });
    }

    private string Returned() => _random.Next(13) switch
    {
        0 => "[]",
        1 => $"[B(\"{Name("r")}\")]",
        2 => $"[B(\"{Name("r")}\"), B(\"{Name("r")}\")]",
        3 => $"[B(\"{Name("r")}\"), .. Parts(\"{Name("p")}\")]",
        4 => $"Parts(\"{Name("p")}\")",
        5 => $"Q(environ, 1) ? [B(\"{Name("x")}\")] : [B(\"{Name("y")}\")]",
        6 => $"new List<byte[]> {{ B(\"{Name("l")}\") }}",
        7 => $"new[] {{ B(\"{Name("a")}\") }}",
        8 => "Array.Empty<byte[]>()",
        9 => "Enumerable.Empty<byte[]>()",
        10 => $"environ.QueryString.Length switch {{ 0 => [B(\"{Name("s")}\")], _ => [] }}",
        11 => "null!",
        _ => "[]",
    };

    // `if (...) goto L;` before a statement of the same block that gets the label: a forward jump.
    private void AddGoto(List<GeneratedStatement> body)
    {
        if (body.Count < 2 || _random.Next(5) != 0) return;
        var target = _random.Next(1, body.Count);
        if (body[target] is not Leaf leaf || leaf.Code.StartsWith("Write ", StringComparison.Ordinal)) return;
        var label = Name("L");
        body[target] = new Labelled(label, leaf);
        body.Insert(_random.Next(target), new Leaf($"if (Q(environ, {_random.Next(4)})) goto {label};"));
    }

    private string Name(string prefix) => $"{prefix}{_names++}";

    private sealed record Context(string Write, bool IsHelper, IReadOnlyList<string> Helpers);
}
