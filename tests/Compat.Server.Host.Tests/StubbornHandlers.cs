using System.Collections.Generic;
using System.Threading;
using Compat.Gateway;

namespace Compat.Server.Host.Tests;

/// <summary>Handlers mounted into a real compat-server process by the shutdown tests.</summary>
public static class StubbornHandlers
{
    /// <summary>What <see cref="Sleep"/> writes to the error stream once it runs.</summary>
    public const string Started = "stubborn handler: sleeping";

    /// <summary>Ignores cancellation for ten minutes, as handlers that call Thread.Sleep do.</summary>
    public static IEnumerable<byte[]> Sleep(Environ environ, StartResponse startResponse)
    {
        // Tells the test the request is in the handler (wsgi.errors goes to the server's stderr).
        environ.Errors.WriteLine(Started);
        environ.Errors.Flush();
        Thread.Sleep(600_000);
        startResponse("200 OK", []);
        return [];
    }
}
