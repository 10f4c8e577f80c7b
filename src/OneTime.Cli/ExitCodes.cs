namespace OneTime.Cli;

/// <summary>What the process exit code tells a script; documented in docs/cli.md, so never renumber.</summary>
internal static class ExitCodes
{
    public const int Done = 0;

    /// <summary>Something the CLI did not expect: a bug to report.</summary>
    public const int Unexpected = 1;

    /// <summary>Bad input or usage: nothing was sent, or the server refused the request as invalid.</summary>
    public const int BadInput = 2;

    /// <summary>The Login key (or the status link's token) is wrong.</summary>
    public const int WrongKey = 3;

    /// <summary>The secret expired, was used up or was burned; its content is deleted.</summary>
    public const int Gone = 4;

    public const int NotFound = 5;

    /// <summary>The server could not be reached, or answered with an error that is not the caller's fault.</summary>
    public const int ServerError = 6;
}
