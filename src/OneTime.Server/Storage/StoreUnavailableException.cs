namespace OneTime.Server.Storage;

/// <summary>
/// The store could not be reached or failed; the API answers 503 and start-up prints the message.
/// Messages name the provider and where it is, never a password or a secret.
/// </summary>
public sealed class StoreUnavailableException(string provider, string where, Exception inner)
    : Exception($"The {provider} store at {where} is unavailable: {inner.Message}", inner)
{
    public string Provider { get; } = provider;
}
