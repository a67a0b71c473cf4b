namespace Compat.Conformance;

/// <summary>Which handler shape a conformance test runs: every rule is checked for both.</summary>
public enum HandlerStyle
{
    /// <summary>An old-style SyncApp, through the adapter.</summary>
    Sync,

    /// <summary>A new-style AsyncApp.</summary>
    Async,
}
