using System;

namespace Compat.Migrate;

/// <summary>The command line is wrong; the message is shown to the user with the usage.</summary>
internal sealed class UsageException(string message) : Exception(message);
