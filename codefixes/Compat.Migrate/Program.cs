using System;
using System.Reflection;
using Compat.Migrate;
using Compat.Migrate.Verify;

// compat migrate ... (MigrateOptions.Usage) and compat verify ... (VerifyOptions.Usage).
if (args.Length > 0 && args[0] == "--version")
{
    Console.WriteLine($"compat {typeof(MigrateOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
    return 0;
}

if (args.Length == 0 || args[0] is "--help" or "-h")
{
    Console.WriteLine($"{MigrateOptions.Usage}\n{VerifyOptions.Usage}");
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "verify")
{
    VerifyOptions? verify;
    try
    {
        verify = VerifyOptions.Parse(args[1..]);
    }
    catch (UsageException ex)
    {
        Console.Error.WriteLine($"compat verify: {ex.Message}\n\n{VerifyOptions.Usage}");
        return 2;
    }

    if (verify is null)
    {
        Console.WriteLine(VerifyOptions.Usage);
        return 0;
    }

    return await VerifyCommand.RunAsync(verify, Console.Out, Console.Error).ConfigureAwait(false);
}

if (args[0] != "migrate")
{
    Console.Error.WriteLine($"compat: unknown command '{args[0]}'; the commands are 'migrate' and 'verify'.\n\n{MigrateOptions.Usage}\n\n{VerifyOptions.Usage}");
    return 2;
}

MigrateOptions? options;
try
{
    options = MigrateOptions.Parse(args[1..]);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"compat migrate: {ex.Message}\n\n{MigrateOptions.Usage}");
    return 2;
}

if (options is null)
{
    Console.WriteLine(MigrateOptions.Usage);
    return 0;
}

return await MigrateCommand.RunAsync(options, Console.Out, Console.Error).ConfigureAwait(false);
