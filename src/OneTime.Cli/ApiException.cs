namespace OneTime.Cli;

/// <summary>The parts of an RFC 9457 problem the CLI uses; the stable <c>code</c> decides.</summary>
internal sealed record ProblemAnswer(string? Title, string? Detail, string? Code);

/// <summary>A failed call: the HTTP status (0 when no answer came), the problem's code if any, and a message to show.</summary>
internal sealed class ApiException(int status, string? code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string? Code { get; } = code;
}
