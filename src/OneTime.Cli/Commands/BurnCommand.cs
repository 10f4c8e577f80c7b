using System.CommandLine;
using OneTime.Core;

namespace OneTime.Cli.Commands;

/// <summary><c>onetime burn</c>: the sender deletes the content now, with the status link's token.</summary>
internal static class BurnCommand
{
    public static Command Create()
    {
        var link = StatusCommand.StatusLinkArgument();
        var command = new Command("burn", "Delete a secret you shared now, before anyone (else) opens it.") { link };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            () => BurnAsync(parse.GetValue(link)!, parse.GetValue(CommonOptions.Server), ct),
            ct));
        return command;
    }

    private static async Task BurnAsync(string linkText, string? serverOption, CancellationToken ct)
    {
        var (server, id, token) = StatusCommand.ParseStatusLink(linkText, serverOption);
        using var client = new OneTimeClient(server);

        // Asked first only to say what happened: burning a secret that is already gone is not an error.
        var before = await client.ManageAsync(id, token, ct);
        if (before.State != SecretStates.Available)
        {
            Console.Error.WriteLine($"onetime: nothing to burn, the secret is already {before.State.Replace('_', ' ')}; its content was deleted then.");
            return;
        }

        await client.BurnAsync(id, token, ct);
        Console.Error.WriteLine("onetime: burned. The content is deleted and the link no longer opens.");
    }
}
