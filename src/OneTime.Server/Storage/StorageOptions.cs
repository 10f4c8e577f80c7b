using System.ComponentModel.DataAnnotations;

namespace OneTime.Server.Storage;

/// <summary>Section <c>OneTime:Storage</c>.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "OneTime:Storage";

    /// <summary><c>sqlite</c> (default, embedded); <c>redis</c> and <c>postgres</c> come with several-node support.</summary>
    [Required]
    [RegularExpression("^(?i:sqlite)$", ErrorMessage = "OneTime:Storage:Provider must be 'sqlite'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>For SQLite a relative path is relative to the working directory; its folder is created.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/onetime.db";

    /// <summary>How often the sweeper deletes expired ciphertext and old tombstones.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SweepInterval < TimeSpan.FromSeconds(1) || SweepInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult(
                "OneTime:Storage:SweepInterval must be between 00:00:01 and 01:00:00.", [nameof(SweepInterval)]);
        }
    }
}
