using System;

namespace Compat.Hosting.Loading;

/// <summary>A handler could not be loaded; the message says which part of what was asked is wrong.</summary>
public sealed class HandlerLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, as a sentence a command line can print after the option's name.</param>
    public HandlerLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public HandlerLoadException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">What the runtime said.</param>
    public HandlerLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
