namespace Compat.Analyzers.Tests.Differential;

/// <summary>What checking one generated handler found.</summary>
/// <param name="Kind">Held (no counterexample), Counterexample, or Invalid (the program itself does not compile).</param>
/// <param name="Detail">For a counterexample, what went wrong; for an invalid program, the compiler's errors.</param>
/// <param name="IteratorDeclined">CMPT001's reason when it offered no fix, or null.</param>
/// <param name="AsyncDeclined">CMPT002's reason when it offered no fix, or null.</param>
/// <param name="Before">The source the failing step started from.</param>
/// <param name="After">The source that step made, when it made one.</param>
internal sealed record DifferentialOutcome(OutcomeKind Kind, string Detail, string? IteratorDeclined, string? AsyncDeclined, string? Before = null, string? After = null)
{
    public static DifferentialOutcome Held(string? iteratorDeclined, string? asyncDeclined) => new(OutcomeKind.Held, string.Empty, iteratorDeclined, asyncDeclined);

    public static DifferentialOutcome Counterexample(string detail, string before, string? after = null) => new(OutcomeKind.Counterexample, detail, null, null, before, after);

    public static DifferentialOutcome Invalid(string errors) => new(OutcomeKind.Invalid, errors, null, null);
}

/// <summary>The kinds of <see cref="DifferentialOutcome"/>.</summary>
internal enum OutcomeKind
{
    Held,
    Counterexample,
    Invalid,
}
