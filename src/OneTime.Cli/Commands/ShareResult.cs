using OneTime.Core;

namespace OneTime.Cli.Commands;

/// <summary>What <c>share</c> prints: as text for a person, or as one JSON object with <c>--json</c>.</summary>
internal sealed record ShareResult(
    string Id, string Url, string LoginKey, string LinkWithKey, string StatusUrl, DateTimeOffset ExpiresAt, int MaxLogins)
{
    public static ShareResult From(Uri server, CreateSecretResponse created, LoginKey key)
    {
        var url = SecretLink.OpenUrl(server, created.Id);
        return new ShareResult(
            created.Id,
            url,
            key.Formatted,
            $"{url}#{key.Formatted}",
            SecretLink.StatusUrl(server, created.Id, created.ManageToken),
            created.ExpiresAt,
            created.MaxLogins);
    }

    public string ToText(DateTimeOffset now) => $"""
        URL        {Url}
        Login key  {LoginKey}
        Expires    {Display.TimeWithDistance(ExpiresAt, now)}, or after {Display.Plural(MaxLogins, "login")}
        Status     {StatusUrl}
                   (for you only: who opened it, and burn it early with 'onetime burn')

        Send the URL and the Login key through different channels, for example the URL by mail
        and the key in chat, so that no single message opens the secret.

        """;
}
