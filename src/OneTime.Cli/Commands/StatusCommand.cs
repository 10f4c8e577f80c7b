using System.CommandLine;
using System.Text;
using System.Text.Json;
using OneTime.Core;

namespace OneTime.Cli.Commands;

/// <summary><c>onetime status</c>: the sender's view (state, logins left, access log), with the status link's token.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var link = StatusLinkArgument();
        var json = new Option<bool>("--json") { Description = "Print the server's answer as JSON." };
        var command = new Command("status", "Show a secret you shared: its state, the logins left and who opened it.") { link, json };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            () => ShowAsync(parse.GetValue(link)!, parse.GetValue(json), parse.GetValue(CommonOptions.Server), ct),
            ct));
        return command;
    }

    public static Argument<string> StatusLinkArgument() => new("STATUS-URL")
    {
        Description = "The status link 'onetime share' printed: https://…/m/ID#TOKEN.",
    };

    /// <summary>Splits a status link into the server, the id and the manage token; refuses one without a token.</summary>
    public static (Uri Server, string Id, string Token) ParseStatusLink(string text, string? serverOption)
    {
        if (!SecretLink.TryParse(text, SecretLink.StatusPage, out var link, out var error))
        {
            throw CliException.BadInput(error);
        }

        if (link.Fragment is not { } token || !Envelope.TryFromBase64Url(token, out var bytes) || bytes.Length != 32)
        {
            throw CliException.BadInput("The status link has no valid token after '#'. Use the whole link that 'onetime share' printed.");
        }

        return (ServerAddress.Resolve(serverOption, link.Server), link.Id, token);
    }

    private static async Task ShowAsync(string linkText, bool json, string? serverOption, CancellationToken ct)
    {
        var (server, id, token) = ParseStatusLink(linkText, serverOption);
        using var client = new OneTimeClient(server);
        var status = await client.ManageAsync(id, token, ct);
        Console.Out.Write(json ? JsonSerializer.Serialize(status, CliJsonContext.Default.ManageSecretResponse) + "\n" : ToText(status, DateTimeOffset.UtcNow));
    }

    private static string ToText(ManageSecretResponse status, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var state = status.State == SecretStates.Available
            ? $"available, {status.RemainingLogins} of {Display.Plural(status.MaxLogins, "login")} left"
            : status.State.Replace('_', ' ');
        text.AppendLine($"State      {state}");
        if (status.Label is { Length: > 0 } label)
        {
            text.AppendLine($"Label      {label}");
        }

        text.AppendLine($"Created    {Display.Time(status.CreatedAt)}");
        text.AppendLine($"{(status.ExpiresAt > now ? "Expires" : "Expired"),-11}{Display.TimeWithDistance(status.ExpiresAt, now)}");
        if (status.AccessLog.Count == 0)
        {
            text.AppendLine("Access log (empty: nobody has tried to open it)");
            return text.ToString();
        }

        text.AppendLine("Access log");
        var width = status.AccessLog.Max(access => access.Outcome.Length) + 2;
        foreach (var access in status.AccessLog)
        {
            var who = string.Join("  ", new[] { access.Recipient, access.ClientAddress, access.UserAgent }.Where(s => !string.IsNullOrEmpty(s)));
            text.AppendLine($"  {Display.Time(access.At)}  {access.Outcome.Replace('_', ' ').PadRight(width)}{who}".TrimEnd());
        }

        return text.ToString();
    }
}
