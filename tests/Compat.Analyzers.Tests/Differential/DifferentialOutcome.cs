namespace Compat.Analyzers.Tests.Differential;

/// <summary>What checking one generated handler found.</summary>
/// <param name="Kind">Held (no counterexample), Counterexample, or Invalid (the program itself does not compile).</param>
/// <param name="Detail">For a counterexample, what went wrong; for an invalid program, the compiler's errors.</param>
/// <param name="IteratorDeclined">CMPT001's reason when it offered no fix (for an AsyncApp program, CMPT003's or
/// CMPT004's for the first call it left), or null.</param>
/// <param name="AsyncDeclined">CMPT002's reason when it offered no fix, or null.</param>
/// <param name="Before">The source the failing step started from.</param>
/// <param name="After">The source that step made, when it made one.</param>
/// <param name="Awaited">For an AsyncApp program, how many blocking calls CMPT003/CMPT004's fix awaited.</param>
internal sealed record DifferentialOutcome(OutcomeKind Kind, string Detail, string? IteratorDeclined, string? AsyncDeclined, string? Before = null, string? After = null, int Awaited = 0)
{
    public static DifferentialOutcome Held(string? iteratorDeclined, string? asyncDeclined, int awaited = 0) => new(OutcomeKind.Held, string.Empty, iteratorDeclined, asyncDeclined, Awaited: awaited);

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
