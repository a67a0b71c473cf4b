using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Compat.Analyzers.Tests.Differential;

/// <summary>
/// Cuts a counterexample down to a few lines: repeatedly tries the program without one statement, with a compound
/// statement replaced by one of its blocks, or without a helper, and keeps any change after which the program
/// still compiles and still fails. What is left is the report.
/// </summary>
internal static class ProgramShrinker
{
    private const int MaxAttempts = 400;

    public static async Task<(GeneratedProgram Program, DifferentialOutcome Outcome)> ShrinkAsync(GeneratedProgram program, DifferentialOutcome outcome, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var shrunk = true;
        while (shrunk && attempts < MaxAttempts)
        {
            shrunk = false;
            foreach (var candidate in Candidates(program))
            {
                if (++attempts > MaxAttempts) break;
                var result = await DifferentialHarness.CheckAsync(candidate, cancellationToken).ConfigureAwait(false);
                if (result.Kind == OutcomeKind.Counterexample)
                {
                    (program, outcome, shrunk) = (candidate, result, true);
                    break;
                }
            }
        }

        return (program, outcome);
    }

    private static IEnumerable<GeneratedProgram> Candidates(GeneratedProgram program)
    {
        for (var i = 0; i < program.Helpers.Count; i++)
        {
            yield return program with { Helpers = program.Helpers.Where((_, index) => index != i).ToList() };
        }

        foreach (var body in Variants(program.Body))
        {
            yield return program with { Body = body };
        }

        for (var i = 0; i < program.Helpers.Count; i++)
        {
            foreach (var body in Variants(program.Helpers[i].Body))
            {
                var helpers = program.Helpers.ToList();
                helpers[i] = (helpers[i].Name, body);
                yield return program with { Helpers = helpers };
            }
        }

        foreach (var prologue in Variants(program.Prologue))
        {
            yield return program with { Prologue = prologue };
        }
    }

    // A block without one statement, with a compound statement replaced by one of its blocks, or with a change inside one.
    private static IEnumerable<IReadOnlyList<GeneratedStatement>> Variants(IReadOnlyList<GeneratedStatement> block)
    {
        for (var i = 0; i < block.Count; i++)
        {
            yield return block.Where((_, index) => index != i).ToList();
        }

        for (var i = 0; i < block.Count; i++)
        {
            foreach (var inner in block[i].Blocks)
            {
                yield return block.Take(i).Concat(inner).Concat(block.Skip(i + 1)).ToList();
            }
        }

        for (var i = 0; i < block.Count; i++)
        {
            var blocks = block[i].Blocks;
            for (var b = 0; b < blocks.Count; b++)
            {
                foreach (var variant in Variants(blocks[b]))
                {
                    var replaced = blocks.ToList();
                    replaced[b] = variant;
                    var copy = block.ToList();
                    copy[i] = block[i].WithBlocks(replaced);
                    yield return copy;
                }
            }
        }
    }
}
