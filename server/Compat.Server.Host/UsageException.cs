using System;

namespace Compat.Server.Host;

/// <summary>A command line or mount spec that cannot be used; the message says what and how to fix it.</summary>
internal sealed class UsageException(string message) : Exception(message);
