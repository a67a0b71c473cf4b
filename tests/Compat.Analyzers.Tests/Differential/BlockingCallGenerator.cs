using System;
using System.Collections.Generic;
using System.Linq;

namespace Compat.Analyzers.Tests.Differential;

/// <summary>
/// Makes random AsyncApp handlers with blocking calls in them for CMPT003/CMPT004's fix: waits on tasks (Result,
/// Wait, GetAwaiter().GetResult(), Wait with a timeout), Thread.Sleep, a SemaphoreSlim, a blocking body read, a
/// generic call with an async counterpart, among yields, side effects, branches, loops, try/finally, lock and
/// nameof. Every computed value is logged, so awaiting must keep both the values and their order.
/// </summary>
internal sealed class BlockingCallGenerator
{
    private readonly Random _random;
    private int _names;

    private BlockingCallGenerator(int seed) => _random = new Random(seed);

    /// <summary>The program for a seed; the same seed gives the same program.</summary>
    public static GeneratedProgram Generate(int seed) => new BlockingCallGenerator(seed).Program(seed);

    private GeneratedProgram Program(int seed)
    {
        var body = Block(0);
        body.Insert(_random.Next(body.Count + 1), new Leaf("start(\"200 OK\", H);"));

        // Ends every program, so that one without another yield is still an iterator.
        body.Add(new Leaf("yield break;"));
        return new GeneratedProgram(seed, [], body, [], IsAsync: true);
    }

    private List<GeneratedStatement> Block(int depth) =>
        Enumerable.Range(0, _random.Next(1, (depth == 0 ? 5 : 3) + 1)).Select(_ => Statement(depth)).ToList();

    private GeneratedStatement Statement(int depth)
    {
        var nested = depth < 2;
        var n = _names++;
        switch (_random.Next(100))
        {
            case < 10: return new Leaf($"Thread.Sleep({n % 3});");
            case < 18: return new Leaf($"Log.Add(\"result \" + Compute({n}).Result);");
            case < 24: return new Leaf($"Compute({n}).Wait();");
            case < 30: return new Leaf($"Log.Add(\"awaiter \" + Compute({n}).GetAwaiter().GetResult());");
            case < 34: return new Leaf($"Log.Add(\"timed \" + new TaskCompletionSource().Task.Wait({n % 2}));");
            case < 38: return new Leaf("Semaphore.Wait(); Semaphore.Release();");
            case < 42: return new Leaf("Log.Add(\"body \" + new StreamReader(environ.Input).ReadToEnd());");
            case < 47: return new Leaf($"Log.Add(\"loaded \" + Load<int>({n}));");
            case < 49: return new Leaf($"var name{n} = nameof(Task<int>.Result); Log.Add(name{n});");
            case < 64: return new Leaf($"yield return B(\"y{n}\");");
            case < 72: return new Leaf($"Log.Add(\"e{n}\");");
            case < 78 when nested: return new Compound([$"if (Q(environ, {n % 4}))"], [Block(depth + 1)]);
            case < 83 when nested: return new Compound([$"for (var i{n} = 0; i{n} < 2; i{n}++)"], [Block(depth + 1)]);
            case < 88 when nested: return new Compound(["try", "finally"], [Block(depth + 1), [new Leaf($"Log.Add(\"finally {n}\");")]]);
            case < 92 when nested: return new Compound(["lock (Gate)"], [[new Leaf($"Thread.Sleep({n % 2});"), new Leaf($"Log.Add(\"locked {n}\");")]]);
            default: return new Leaf($"Log.Add(\"e{n}\");");
        }
    }
}
