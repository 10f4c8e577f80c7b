using System.CommandLine;
using System.Text;
using OneTime.Core;

namespace OneTime.Cli.Commands;

/// <summary><c>onetime open</c>: proves the key, fetches the ciphertext, decrypts here, prints the content as it was.</summary>
internal static class OpenCommand
{
    public static Command Create()
    {
        var link = new Argument<string>("URL") { Description = "The link the sender gave you: https://…/s/ID, with or without #KEY." };
        var key = new Option<string?>("--key")
        {
            Description = "The Login key. Without it: the link's #KEY, else a prompt (or one line of standard input). "
                + "A key on the command line can end up in shell history and process lists.",
            HelpName = "KEY",
        };
        var recipient = new Option<string?>("--recipient") { Description = "Your name, shown to the sender in the access log.", HelpName = "NAME" };

        var command = new Command("open", "Open a secret and print its content to standard output, byte for byte. Uses one login.")
        {
            link, key, recipient,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            () => OpenAsync(parse.GetValue(link)!, parse.GetValue(key), parse.GetValue(recipient), parse.GetValue(CommonOptions.Server), ct),
            ct));
        return command;
    }

    private static async Task OpenAsync(string linkText, string? keyOption, string? recipient, string? serverOption, CancellationToken ct)
    {
        if (!SecretLink.TryParse(linkText, SecretLink.OpenPage, out var link, out var error))
        {
            throw CliException.BadInput(error);
        }

        var key = LoginKeyInput.Read(keyOption, link.Fragment);
        var server = ServerAddress.Resolve(serverOption, link.Server);

        using var client = new OneTimeClient(server);
        var authToken = Envelope.ToBase64Url(Envelope.DeriveAuthToken(key));
        var opened = await client.OpenAsync(link.Id, new OpenSecretRequest(authToken, recipient), ct);

        // The server checked the key against its verifier, so a failure here means the stored
        // ciphertext is not what the sender's client made. The login is spent either way.
        if (!Envelope.TryFromBase64Url(opened.Ciphertext, out var sealedBytes) || !Envelope.TryOpen(key, sealedBytes, out var payload))
        {
            throw new CliException(ExitCodes.ServerError, "The server accepted the key but its content does not decrypt with it. The login was used.");
        }

        var content = Encoding.UTF8.GetBytes(payload!.Text);
        using (var stdout = Console.OpenStandardOutput())
        {
            await stdout.WriteAsync(content, ct);
            await stdout.FlushAsync(ct);
        }

        // On a terminal the shell prompt would follow the content on its last line; the newline
        // goes to stderr so that stdout stays exactly the content.
        if (!Console.IsOutputRedirected && content is not [.., (byte)'\n'])
        {
            Console.Error.WriteLine();
        }

        Console.Error.WriteLine(opened.RemainingLogins == 0
            ? "onetime: opened. That was the last login: the content is now deleted from the server."
            : $"onetime: opened. {Display.Plural(opened.RemainingLogins, "login")} left, until {Display.Time(opened.ExpiresAt)}.");
    }
}
