using Compat.Gateway;

namespace Compat.Hosting;

/// <summary>What <see cref="EnvironBuilder"/> made of a request: its environ, and the handler to run it.</summary>
/// <param name="Environ">
/// The CGI keys, the URL scheme and the raw path; the host adds the request headers, the body, errors, the abort
/// token and its extensions.
/// </param>
/// <param name="App">The mounted handler, or the host's 404 (nothing mounted there) or 400 (a bad path or Host).</param>
public readonly record struct RoutedRequest(Environ Environ, AsyncApp App);
