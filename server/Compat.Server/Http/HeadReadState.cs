namespace Compat.Server.Http;

/// <summary>
/// How far a connection has got with the next request head, which decides the deadline the heartbeat enforces. A
/// deadline is armed only once the connection has to wait: a pipelined head already buffered is parsed without one.
/// </summary>
internal enum HeadReadState
{
    /// <summary>No byte of the head yet, and no wait so far: no deadline.</summary>
    Buffered,

    /// <summary>Waiting for a request to start: the keep-alive timeout, or the headers timeout for a connection's first.</summary>
    AwaitingRequest,

    /// <summary>The head has begun and is being parsed from the buffer, with no wait so far: no deadline yet.</summary>
    BufferedPartial,

    /// <summary>Waiting for the rest of a head that has begun: the headers timeout, from its first byte.</summary>
    AwaitingRestOfHead,
}
