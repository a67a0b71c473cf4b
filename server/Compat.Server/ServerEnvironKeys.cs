namespace Compat.Server;

/// <summary>Environ keys the bundled server adds beside the gateway's, for what only it does.</summary>
public static class ServerEnvironKeys
{
    /// <summary>
    /// On a request with a body: the minimum data rate (bytes a second, a boxed double) the server holds the body to,
    /// <see cref="ServerOptions.MinRequestBodyDataRate"/> to begin with. A handler that expects a slow client (a
    /// device on a poor link) sets it to null, or to another rate, before it first reads the body; a body already read
    /// ahead (<see cref="ServerOptions.RequestBodyPrereadSize"/>) was read under the server's rate.
    /// </summary>
    public const string MinRequestBodyDataRate = "compat.server.min_request_body_data_rate";
}
