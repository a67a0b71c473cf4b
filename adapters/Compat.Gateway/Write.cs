namespace Compat.Gateway;

/// <summary>
/// The old style's blocking body writer. It returns once the host has accepted the bytes and blocks while the
/// host's buffer is full (backpressure). Once the client is gone it throws an <see cref="System.IO.IOException"/>.
/// </summary>
/// <param name="data">Body bytes. The host copies them before returning, so the array may be reused.</param>
public delegate void Write(byte[] data);
