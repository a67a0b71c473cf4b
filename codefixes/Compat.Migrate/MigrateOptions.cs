using System.Collections.Generic;
using System.IO;
using System.Linq;
using Compat.Analyzers;

namespace Compat.Migrate;

/// <summary>What <c>compat migrate</c> was asked to do.</summary>
/// <param name="Path">The .sln, .slnx or .csproj, full path.</param>
/// <param name="RuleId">The rule whose fixes are applied.</param>
/// <param name="DryRun">Print a unified diff instead of writing files.</param>
/// <param name="Restore">Run <c>dotnet restore</c> on the path before loading it, as <c>dotnet build</c> does.</param>
internal sealed record MigrateOptions(string Path, string RuleId, bool DryRun, bool Restore = true)
{
    /// <summary>A recording to prove the rewrite on (<c>--verify DIR</c>); null writes every rewrite that compiles.</summary>
    public string? Verify { get; init; }

    /// <summary>Headers <c>--verify</c> leaves out of the comparison besides Date.</summary>
    public IReadOnlyList<string> IgnoreHeaders { get; init; } = [];

    /// <summary>The rules that have a code fix, in the order of the migration ladder.</summary>
    public static readonly IReadOnlyList<string> FixableRules =
        new[] { RuleIds.WriteCall, RuleIds.ReadyForAsyncApp, RuleIds.BlockingCall, RuleIds.AsyncCounterpart }.Where(id => RuleCatalog.FixFor(id) is not null).ToList();

    public const string Usage = """
        Usage: compat migrate [PATH] [--rule ID] [--dry-run] [--no-restore] [--verify DIR [--ignore-header NAME]...]
               compat --version

        Applies a Compat rule's code fix to every handler it can in a solution or project, like the IDE's
        Fix All, then prints what changed and what was left, with the reason and location.

        PATH          a .sln, .slnx or .csproj file, or a folder holding exactly one (default: the current folder)
        --rule ID     CMPT001 (default: write() to iterator), CMPT002 (iterator to AsyncApp),
                      CMPT003 or CMPT004 (await instead of blocking)
        --dry-run     print a unified diff of the changes and write nothing
        --no-restore  do not run 'dotnet restore' first
        --verify DIR  prove each rewrite on recorded traffic (compat-server --record DIR): build the projects
                      before and after the rewrite (in copies, in a temporary folder), replay DIR through both
                      (as compat verify does), and write only the handlers whose every recorded request was
                      answered the same; the others stay as they were and are listed with the reason
        --ignore-header NAME
                      with --verify: leave this header out of the comparison too (Date always is); repeatable
        --help        show this
        --version     show the tool's version

        A handler whose rewrite would not compile (emit included) is left as it was and listed with the
        error; the others are written. Nothing is written when a project does not load or restore, or when
        the changes would break a project that references the changed ones. Each file is replaced in one
        step (written beside it, then renamed over it).
        Exit codes: 0 done, 1 nothing written because of an error (a build with --verify included), 2 bad
        arguments.
        """;

    /// <summary>Reads the arguments after <c>migrate</c>.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The options, or null when --help was asked.</returns>
    /// <exception cref="UsageException">The arguments are wrong; the message says how.</exception>
    public static MigrateOptions? Parse(IReadOnlyList<string> args)
    {
        string? path = null;
        var rule = RuleIds.WriteCall;
        var dryRun = false;
        var restore = true;
        string? verify = null;
        var ignore = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    return null;
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--no-restore":
                    restore = false;
                    break;
                case "--verify":
                    if (i + 1 >= args.Count) throw new UsageException("--verify needs the recording's directory, for example --verify requests/");
                    verify = System.IO.Path.GetFullPath(args[++i]);
                    if (!Directory.Exists(verify)) throw new UsageException($"--verify {args[i]}: no such directory");
                    break;
                case "--ignore-header":
                    if (i + 1 >= args.Count) throw new UsageException("--ignore-header needs a header name");
                    ignore.Add(args[++i]);
                    break;
                case "--rule":
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException("--rule needs a rule ID, for example --rule CMPT001");
                    }

                    rule = args[++i].ToUpperInvariant();
                    if (!((IList<string>)FixableRules).Contains(rule))
                    {
                        throw new UsageException($"--rule {args[i]}: no such rule with a fix; use one of {string.Join(", ", FixableRules)}");
                    }

                    break;
                case var option when option.StartsWith('-'):
                    throw new UsageException($"unknown option {option}");
                default:
                    if (path is not null)
                    {
                        throw new UsageException($"one PATH only; got {path} and {args[i]}");
                    }

                    path = args[i];
                    break;
            }
        }

        var full = System.IO.Path.GetFullPath(path ?? ".");
        if (Directory.Exists(full))
        {
            full = FindProjectOrSolution(full, path ?? ".");
        }

        var extension = System.IO.Path.GetExtension(full);
        if (extension is not (".sln" or ".slnx" or ".csproj"))
        {
            throw new UsageException($"{path}: not a .sln, .slnx or .csproj file, nor a folder holding one");
        }

        if (!File.Exists(full))
        {
            throw new UsageException($"{path}: no such file");
        }

        if (ignore.Count > 0 && verify is null) throw new UsageException("--ignore-header is for --verify; give --verify DIR too");
        // The shared empty list when none, so options parsed alike compare equal.
        return new MigrateOptions(full, rule, dryRun, restore) { Verify = verify, IgnoreHeaders = ignore.Count == 0 ? System.Array.Empty<string>() : ignore.AsReadOnly() };
    }

    // As dotnet build does in a folder: the one solution or project there, or an error naming them.
    private static string FindProjectOrSolution(string folder, string given)
    {
        var candidates = new[] { "*.sln", "*.slnx", "*.csproj" }
            .SelectMany(pattern => Directory.GetFiles(folder, pattern))
            .Order(System.StringComparer.Ordinal)
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new UsageException($"{given}: no .sln, .slnx or .csproj file in this folder"),
            _ => throw new UsageException($"{given}: more than one solution or project file ({string.Join(", ", candidates.Select(System.IO.Path.GetFileName))}); name the one to migrate"),
        };
    }
}
