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

    /// <summary>
    /// Set by a handler, not by the server: the minimum data rate (bytes a second, a number) the client must take this
    /// response at, instead of <see cref="ServerOptions.MinResponseDataRate"/>, or null for none. Read when the response
    /// starts (its head is sent, or a WebSocket is accepted), so set it before the first bytes; it then holds for the
    /// whole response. A handler that streams to clients it expects to be slow sets it.
    /// </summary>
    public const string MinResponseDataRate = "compat.server.min_response_data_rate";
}
