namespace Compat.Hosting;

/// <summary>How <see cref="RequestRunner.RunAsync"/> ended one request.</summary>
public enum RequestOutcome
{
    /// <summary>A complete response was sent (possibly a 500 or 503 made by the host); the connection may be reused.</summary>
    Completed,

    /// <summary>The response was cut short and the sink aborted; the connection must not be reused.</summary>
    Aborted,

    /// <summary>The handler took the connection over (WebSocket, takeover); there is no HTTP response to finish.</summary>
    TakenOver,
}
