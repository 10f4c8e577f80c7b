using System.CommandLine;
using OneTime.Cli.Commands;

namespace OneTime.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("onetime: share a secret once, encrypted on this machine. The server sees only ciphertext.")
        {
            CommonOptions.Server,
            ShareCommand.Create(),
            OpenCommand.Create(),
            StatusCommand.Create(),
            BurnCommand.Create(),
        };

        var parsed = root.Parse(args);
        // Usage mistakes exit with 2 like every other bad input, not with the library's 1.
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"onetime: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'onetime --help' for usage.");
            return ExitCodes.BadInput;
        }

        return await parsed.InvokeAsync();
    }
}
