using System.CommandLine;

namespace OneTime.Cli.Commands;

internal static class CommonOptions
{
    /// <summary>Every command takes it; for open, status and burn it overrides the link's own server.</summary>
    public static Option<string?> Server { get; } = new("--server")
    {
        Description = $"The OneTime server, such as https://onetime.example.com (default: the link's server, else ${ServerAddress.EnvironmentVariable}).",
        HelpName = "URL",
        Recursive = true,
    };
}
