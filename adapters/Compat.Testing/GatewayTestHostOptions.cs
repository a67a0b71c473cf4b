using Compat.Adapters;
using Compat.Hosting;

namespace Compat.Testing;

/// <summary>Settings of a <see cref="GatewayTestHost"/>: where the handler is mounted and what the server looks like.</summary>
public sealed class GatewayTestHostOptions
{
    /// <summary>The mount prefix (SCRIPT_NAME); requests outside it get 404. Empty mounts at the root.</summary>
    public string ScriptName { get; init; } = string.Empty;

    /// <summary>The server's address: SERVER_NAME for a request without a Host header (one with it gets its name).</summary>
    public string ServerName { get; init; } = "localhost";

    /// <summary>The server's port: SERVER_PORT for a request without a Host header (one with it gets its port, or 80/443).</summary>
    public int ServerPort { get; init; } = 80;

    /// <summary>REMOTE_ADDR.</summary>
    public string RemoteAddr { get; init; } = "127.0.0.1";

    /// <summary>REMOTE_PORT.</summary>
    public int RemotePort { get; init; } = 50000;

    /// <summary>gateway.url_scheme.</summary>
    public string UrlScheme { get; init; } = "http";

    /// <summary>The pool that runs an old-style handler; a small one (4 threads) unless set.</summary>
    public BoundedPoolOptions Pool { get; init; } = new() { ThreadCount = 4, QueueLength = 16, Name = "test-host" };

    /// <summary>The adapter's buffer sizes for an old-style handler.</summary>
    public SyncAppAdapterOptions Adapter { get; init; } = new();

    /// <summary>The request runner's settings (the Server header).</summary>
    public RequestRunnerOptions Runner { get; init; } = new();
}
