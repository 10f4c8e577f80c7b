namespace OneTime.Server.Storage;

/// <summary>The store could not be reached or answered with an error; the API maps it to 503.</summary>
public sealed class StoreUnavailableException(string provider, Exception inner)
    : Exception($"The {provider} store is unavailable: {inner.GetType().Name}.", inner)
{
    public string Provider { get; } = provider;
}
