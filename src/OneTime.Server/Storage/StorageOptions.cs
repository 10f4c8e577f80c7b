using System.ComponentModel.DataAnnotations;

namespace OneTime.Server.Storage;

/// <summary>Section <c>OneTime:Storage</c>.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "OneTime:Storage";

    public const string SqliteDefaultConnectionString = "Data Source=data/onetime.db";

    /// <summary><c>sqlite</c> (default, embedded, one node); <c>redis</c> or <c>postgres</c> for several nodes.</summary>
    [Required]
    [RegularExpression("^(?i:sqlite|redis|postgres)$", ErrorMessage = "OneTime:Storage:Provider must be 'sqlite', 'redis' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// SQLite: <c>Data Source=path</c>, relative to the working directory, its folder created.
    /// Redis: StackExchange.Redis format, e.g. <c>redis.internal:6379,password=...,ssl=true</c>.
    /// PostgreSQL: Npgsql format, e.g. <c>Host=db;Username=onetime;Password=...;Database=onetime</c>.
    /// </summary>
    [Required]
    public string ConnectionString { get; set; } = SqliteDefaultConnectionString;

    /// <summary>Redis only: every key starts with this, so several deployments can share one Redis.</summary>
    [Required]
    [RegularExpression(@"^[^\s{}]{1,64}$", ErrorMessage = "OneTime:Storage:KeyPrefix must be 1 to 64 characters without spaces or braces.")]
    public string KeyPrefix { get; set; } = "onetime:";

    /// <summary>How often the sweeper deletes expired ciphertext and old tombstones.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    public StorageProvider Kind => Provider.ToLowerInvariant() switch
    {
        "redis" => StorageProvider.Redis,
        "postgres" => StorageProvider.Postgres,
        _ => StorageProvider.Sqlite,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SweepInterval < TimeSpan.FromSeconds(1) || SweepInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult(
                "OneTime:Storage:SweepInterval must be between 00:00:01 and 01:00:00.", [nameof(SweepInterval)]);
        }

        // Left at the SQLite default, a Redis or PostgreSQL node would fail with a confusing parse
        // error; say what is missing instead. The value itself is never echoed: it may hold a password.
        if (Kind != StorageProvider.Sqlite && ConnectionString == SqliteDefaultConnectionString)
        {
            yield return new ValidationResult(
                $"OneTime:Storage:ConnectionString must be set for the {Provider.ToLowerInvariant()} store, for example "
                + (Kind == StorageProvider.Redis ? "'redis.internal:6379,password=...'." : "'Host=db;Username=onetime;Password=...;Database=onetime'."),
                [nameof(ConnectionString)]);
        }
        else if (Kind != StorageProvider.Sqlite && !StoreAddress.IsWellFormed(Kind, ConnectionString))
        {
            yield return new ValidationResult(
                $"OneTime:Storage:ConnectionString is not a valid {Provider.ToLowerInvariant()} connection string.",
                [nameof(ConnectionString)]);
        }
    }
}

public enum StorageProvider
{
    Sqlite,
    Redis,
    Postgres,
}
