using System.Text;
using OneTime.Core;

namespace OneTime.Cli;

/// <summary>
/// Where <c>open</c> gets the Login key: <c>--key</c>, else the link's fragment, else a prompt. A key
/// that cannot be one is refused here, before any request, so a typo never costs a login.
/// </summary>
internal static class LoginKeyInput
{
    public static LoginKey Read(string? option, string? fragment)
    {
        var (text, source) = option is not null ? (option, "--key")
            : fragment is not null ? (fragment, "the link")
            : Console.IsInputRedirected ? (Console.In.ReadLine(), "standard input")
            : (PromptHidden("Login key: "), "the prompt");

        if (string.IsNullOrWhiteSpace(text))
        {
            throw CliException.BadInput($"No Login key came from {source}. Nothing was sent.");
        }

        // The key itself is never repeated back: it may be almost right, and stderr may be logged.
        return LoginKey.TryParse(text, out var key)
            ? key
            : throw CliException.BadInput(
                $"The Login key from {source} is not valid: a key has 25 letters and digits, like 7KD2M-QX4PA-9TRZ3-W8HJN-C5VEB. Nothing was sent.");
    }

    /// <summary>Reads a line from the terminal without echoing it, so the key stays off the screen and out of scrollback.</summary>
    private static string PromptHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter || key.KeyChar is '\n' or '\r')
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return typed.ToString();
    }
}
