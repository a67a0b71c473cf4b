using System.Collections.Generic;

namespace Compat.Migrate.Verify;

/// <summary>What replaying one handler's recorded requests through both builds found.</summary>
/// <param name="name">The handler, <c>Namespace.Type.Member</c>.</param>
internal sealed class HandlerVerification(string name)
{
    public string Name { get; } = name;

    /// <summary>Requests replayed through both builds.</summary>
    public int Replayed { get; set; }

    /// <summary>Of those, the ones both builds answered the same.</summary>
    public int Identical { get; set; }

    /// <summary>The requests answered differently, with where they first part.</summary>
    public List<(string Location, string Request, ResponseDifference Difference)> Different { get; } = [];

    /// <summary>Requests not replayed, and why.</summary>
    public List<(string Location, string Request, string Reason)> NotVerifiable { get; } = [];

    /// <summary>What the reports say of it: different, not fully verified, or identical.</summary>
    public string Verdict => Different.Count > 0 ? "different" : NotVerifiable.Count > 0 ? "not fully verified" : "identical";

    /// <summary>Whether every request was replayed and answered the same.</summary>
    public bool Verified => Different.Count == 0 && NotVerifiable.Count == 0 && Replayed > 0;
}
