namespace OneTime.Cli;

/// <summary>
/// Ends a command with a message for stderr and an exit code. Messages are written here, by the
/// CLI, and never contain the content, the Login key or a token.
/// </summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException BadInput(string message) => new(ExitCodes.BadInput, message);
}
