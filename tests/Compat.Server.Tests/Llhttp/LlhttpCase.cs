using System.Collections.Generic;

namespace Compat.Server.Tests.Llhttp;

/// <summary>One request case of llhttp's test suite, read from the corpus.</summary>
/// <param name="Id">File and title, unique.</param>
/// <param name="Strict">True for cases llhttp runs in strict mode (no lenient type, no noScan, no loose mode).</param>
/// <param name="Raw">The bytes on the wire.</param>
/// <param name="Messages">Messages llhttp completed, in order.</param>
/// <param name="Error">llhttp's error reason when it refused the input; null when it accepted all of it.</param>
/// <param name="Paused">True when llhttp stopped at CONNECT/Upgrade/PRI, which is not a refusal.</param>
internal sealed record LlhttpCase(string Id, bool Strict, byte[] Raw, IReadOnlyList<LlhttpMessage> Messages, string? Error, bool Paused)
{
    public override string ToString() => Id;
}

/// <summary>What llhttp parsed for one message.</summary>
internal sealed record LlhttpMessage(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);
