using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Compat.Analyzers.Tests.Differential;

/// <summary>
/// The migration ladder on generated handlers: for every program, CMPT001's fix and then CMPT002's either decline
/// with a reason, or compile and send the same status, headers and bytes with the same side effects in the same
/// order. CI runs a fixed set of seeds; <c>bench/generator.sh</c> runs random seeds for as long as it is given.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    /// <summary>How many seeds CI runs: about a minute on the 2-core machine.</summary>
    private const int CiSeeds = 300;

    [Fact]
    public Task GeneratedHandlers_FixedSeeds_MigrateWithTheSameBehaviourOrNotAtAll() =>
        RunAsync(Enumerable.Range(0, CiSeeds), TimeSpan.MaxValue, HandlerGenerator.Generate);

    [Fact]
    public Task GeneratedAsyncHandlers_FixedSeeds_AwaitWithTheSameBehaviourOrNotAtAll() =>
        RunAsync(Enumerable.Range(0, CiSeeds / 2), TimeSpan.MaxValue, BlockingCallGenerator.Generate);

    [Fact]
    [Trait("Category", "Soak")]
    public async Task GeneratedHandlers_RandomSeeds_ForAsLongAsGiven()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("COMPAT_GENERATOR_SECONDS"), out var s) ? s : 60;
        var first = int.TryParse(Environment.GetEnvironmentVariable("COMPAT_GENERATOR_SEED"), out var seed) ? seed : Environment.TickCount & 0xFFFFFF;
        output.WriteLine($"seeds from {first}, {seconds} s, two thirds old-style handlers (CMPT001, CMPT002), one third AsyncApp handlers (CMPT003, CMPT004)");
        await RunAsync(Enumerable.Range(first, int.MaxValue - first), TimeSpan.FromSeconds(seconds * 2 / 3.0), HandlerGenerator.Generate);
        await RunAsync(Enumerable.Range(first, int.MaxValue - first), TimeSpan.FromSeconds(seconds / 3.0), BlockingCallGenerator.Generate);
    }

    // The generated program's fixed prelude (Log, B, Q, Parts...) is the same every time: the report shows the rest.
    private static string? Handler(string? source) =>
        source is null ? null : source[System.Math.Max(0, source.IndexOf("    public static", source.IndexOf("class Handlers", StringComparison.Ordinal), StringComparison.Ordinal))..];

    private async Task RunAsync(System.Collections.Generic.IEnumerable<int> seeds, TimeSpan budget, Func<int, GeneratedProgram> generate)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentBag<(int Seed, int Size, DifferentialOutcome Outcome)>();
        using var stop = new CancellationTokenSource();
        await Parallel.ForEachAsync(seeds.TakeWhile(_ => clock.Elapsed < budget), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (seed, cancellationToken) =>
        {
            var program = generate(seed);
            outcomes.Add((seed, program.Size, await DifferentialHarness.CheckAsync(program, cancellationToken)));
        });

        var all = outcomes.OrderBy(o => o.Seed).ToList();
        var invalid = all.Where(o => o.Outcome.Kind == OutcomeKind.Invalid).ToList();
        var counterexamples = all.Where(o => o.Outcome.Kind == OutcomeKind.Counterexample).ToList();
        var held = all.Where(o => o.Outcome.Kind == OutcomeKind.Held).ToList();
        var summary = generate(0).IsAsync
            ? $"{held.Sum(o => o.Outcome.Awaited)} blocking calls awaited by CMPT003/CMPT004, {held.Count(o => o.Outcome.IteratorDeclined is not null)} programs with a call it left"
            : $"{held.Count(o => o.Outcome.IteratorDeclined is null)} migrated by CMPT001, {held.Count(o => o.Outcome.IteratorDeclined is not null)} declined by it; " +
              $"{held.Count(o => o.Outcome.IteratorDeclined is null && o.Outcome.AsyncDeclined is null)} through CMPT002 too, {held.Count(o => o.Outcome.AsyncDeclined is not null)} declined by it";
        output.WriteLine($"{all.Count} programs in {clock.Elapsed.TotalSeconds:F0} s (mean {all.Average(o => o.Size):F1} statements): {summary}; " +
            $"{counterexamples.Count} counterexamples; {invalid.Count} generated programs did not compile");
        foreach (var reason in held.Select(o => o.Outcome.IteratorDeclined ?? o.Outcome.AsyncDeclined).OfType<string>().GroupBy(r => System.Text.RegularExpressions.Regex.Replace(r, "[0-9]+", "N")).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"  {reason.Count(),4} x {reason.Key}");
        }

        Assert.True(invalid.Count == 0, $"the generator made programs that do not compile, first (seed {invalid.FirstOrDefault().Seed}): {invalid.FirstOrDefault().Outcome?.Detail}");
        if (counterexamples.Count > 0)
        {
            var (seed, _, outcome) = counterexamples[0];
            var (program, shrunk) = await ProgramShrinker.ShrinkAsync(generate(seed), outcome, CancellationToken.None);
            Assert.Fail($"{counterexamples.Count} counterexamples (seeds {string.Join(", ", counterexamples.Select(c => c.Seed).Take(20))}); the first, shrunk from seed {seed}:\n{shrunk.Detail}\n--- before ---\n{Handler(shrunk.Before)}\n--- after ---\n{Handler(shrunk.After)}");
        }
    }
}
