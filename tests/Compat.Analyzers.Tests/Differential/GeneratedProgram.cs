using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Compat.Analyzers.Tests.Differential;

/// <summary>A whole generated program: the handler's statements, the helpers' bodies, and the class around them.</summary>
/// <param name="Seed">The seed it came from.</param>
/// <param name="Prologue">The statements that obtain write (<c>var write = start(...)</c> and variants).</param>
/// <param name="Body">The handler's statements after the prologue; the last is a return.</param>
/// <param name="Helpers">Private helpers that take write: name and body.</param>
internal sealed record GeneratedProgram(int Seed, IReadOnlyList<GeneratedStatement> Prologue, IReadOnlyList<GeneratedStatement> Body, IReadOnlyList<(string Name, IReadOnlyList<GeneratedStatement> Body)> Helpers)
{
    /// <summary>The namespace-free type that holds the handler, <c>Handle</c>.</summary>
    public const string TypeName = "Generated.Handlers";

    /// <summary>Every statement of the program, for counting and shrinking.</summary>
    public int Size => Count(Prologue) + Count(Body) + Helpers.Sum(h => Count(h.Body));

    /// <summary>The C# source.</summary>
    public string Render()
    {
        var code = new StringBuilder();
        code.Append("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Runtime.ExceptionServices;
            using System.Text;
            using Compat.Gateway;

            namespace Generated;

            public static class Log
            {
                public static readonly List<string> Entries = new();

                public static void Add(string entry)
                {
                    lock (Entries) Entries.Add(entry);
                }
            }

            sealed class Scope(string name) : IDisposable
            {
                public void Dispose() => Log.Add("dispose " + name);
            }

            public static class Handlers
            {
                static readonly KeyValuePair<string, string>[] H = [new("Content-Type", "text/plain")];

                static byte[] B(string text)
                {
                    Log.Add("B " + text);
                    return Encoding.ASCII.GetBytes(text);
                }

                static bool Q(Environ environ, int letter) => environ.QueryString.Contains((char)('a' + letter));

                static void Check(Environ environ)
                {
                    if (Q(environ, 2)) throw new InvalidOperationException("c");
                }

                static IEnumerable<byte[]> Parts(string name)
                {
                    try
                    {
                        Log.Add("parts " + name);
                        yield return B(name + "1");
                        yield return B(name + "2");
                    }
                    finally
                    {
                        Log.Add("parts done " + name);
                    }
                }

                static IEnumerable<string> Lazy(string name)
                {
                    try
                    {
                        yield return name + "x";
                        yield return name + "y";
                    }
                    finally
                    {
                        Log.Add("lazy done " + name);
                    }
                }

                public static IEnumerable<byte[]> Handle(Environ environ, StartResponse start)
                {

            """);
        foreach (var statement in Prologue.Concat(Body)) statement.Render(code, 2);
        code.Append("    }\n");
        foreach (var (name, body) in Helpers)
        {
            code.Append('\n').Append($"    private static void {name}(Write w, string s)\n").Append("    {\n");
            foreach (var statement in body) statement.Render(code, 2);
            code.Append("    }\n");
        }

        code.Append("}\n");
        return code.ToString();
    }

    private static int Count(IReadOnlyList<GeneratedStatement> statements) =>
        statements.Sum(s => 1 + s.Blocks.Sum(Count));
}
