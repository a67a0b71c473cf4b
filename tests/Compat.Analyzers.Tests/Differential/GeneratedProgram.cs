using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Compat.Analyzers.Tests.Differential;

/// <summary>A whole generated program: the handler's statements, the helpers' bodies, and the class around them.</summary>
/// <param name="Seed">The seed it came from.</param>
/// <param name="Prologue">The statements that obtain write (<c>var write = start(...)</c> and variants).</param>
/// <param name="Body">The handler's statements after the prologue; the last is a return.</param>
/// <param name="Helpers">Private helpers that take write: name and body.</param>
/// <param name="IsAsync">True for an AsyncApp handler (the CMPT003/CMPT004 ladder), false for a SyncApp.</param>
internal sealed record GeneratedProgram(int Seed, IReadOnlyList<GeneratedStatement> Prologue, IReadOnlyList<GeneratedStatement> Body, IReadOnlyList<(string Name, IReadOnlyList<GeneratedStatement> Body)> Helpers, bool IsAsync = false)
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
            using System.Threading;
            using System.Threading.Tasks;
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

                static readonly object Gate = new();

                static readonly SemaphoreSlim Semaphore = new(1);

                static Task<int> Compute(int n)
                {
                    Log.Add("compute " + n);
                    return Task.FromResult(n);
                }

                static T Load<T>(T value)
                {
                    Log.Add("load " + value);
                    return value;
                }

                static Task<T> LoadAsync<T>(T value)
                {
                    Log.Add("load " + value);
                    return Task.FromResult(value);
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


            """);
        code.Append(IsAsync
            ? "    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Handle(Environ environ, AsyncStartResponse start)\n    {\n"
            : "    public static IEnumerable<byte[]> Handle(Environ environ, StartResponse start)\n    {\n");
        foreach (var statement in Prologue.Concat(Body)) statement.Render(code, 2);
        code.Append("    }\n");
        foreach (var (name, body) in Helpers)
        {
            // An arrow helper is a single leaf that starts with "=>".
            if (body is [Leaf { Code: var arrow }] && arrow.StartsWith("=>", System.StringComparison.Ordinal))
            {
                code.Append('\n').Append($"    private static void {name}(Write w, string s) {arrow}\n");
                continue;
            }

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
