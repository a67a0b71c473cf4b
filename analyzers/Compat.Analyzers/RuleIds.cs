namespace Compat.Analyzers;

/// <summary>Every rule's ID, in one place.</summary>
public static class RuleIds
{
    /// <summary>A use of a write() callable.</summary>
    public const string WriteCall = "CMPT001";

    /// <summary>A SyncApp-shaped handler that no longer uses write() and can become an AsyncApp.</summary>
    public const string ReadyForAsyncApp = "CMPT002";

    /// <summary>A known blocking call inside an AsyncApp handler.</summary>
    public const string BlockingCall = "CMPT003";

    /// <summary>A call inside an AsyncApp handler that has an ...Async counterpart taking the same arguments.</summary>
    public const string AsyncCounterpart = "CMPT004";

    /// <summary>The category of every rule.</summary>
    public const string Category = "Migration";

    /// <summary>Where each rule's documentation lives: docs/rules/{ID}.md in the repository (Directory.Build.props names it).</summary>
    public static string HelpLink(string id) => $"{RepositoryInfo.RulesUrl}{id}.md";
}
