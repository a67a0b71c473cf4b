namespace Compat.Migrate.Verify;

/// <summary>Where two responses to one request first part: the status, a header, or a body byte.</summary>
/// <param name="What">A sentence: <c>status</c>, <c>header 3</c> (with its names), or <c>body at byte 120</c>.</param>
/// <param name="Before">The old build's side of it, as text.</param>
/// <param name="After">The new build's side of it, as text.</param>
/// <param name="BeforeHex">For a body difference, the old build's bytes around it in hex; else null.</param>
/// <param name="AfterHex">For a body difference, the new build's bytes around it in hex; else null.</param>
/// <param name="Offset">For a body difference, the offset of the first differing byte; else null.</param>
internal sealed record ResponseDifference(string What, string Before, string After, string? BeforeHex = null, string? AfterHex = null, long? Offset = null);
