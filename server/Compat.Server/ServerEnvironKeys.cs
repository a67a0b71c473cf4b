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
    /// On every request: the minimum data rate (bytes a second, a boxed double) the client must take the response at,
    /// <see cref="ServerOptions.MinResponseDataRate"/> to begin with. A handler that streams to clients it expects to
    /// be slow sets it to null, or to another rate, before it starts its response (with start_response's first
    /// bytes); the rate then holds for the whole response.
    /// </summary>
    public const string MinResponseDataRate = "compat.server.min_response_data_rate";
}
