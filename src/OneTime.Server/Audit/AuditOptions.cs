using System.ComponentModel.DataAnnotations;

namespace OneTime.Server.Audit;

/// <summary>Section <c>OneTime:Audit</c>.</summary>
public sealed class AuditOptions : IValidatableObject
{
    public const string Section = "OneTime:Audit";

    /// <summary>How long a tombstone (and later the access log) stays after the secret's expiry.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Retention < TimeSpan.Zero)
        {
            yield return new ValidationResult("OneTime:Audit:Retention must not be negative.", [nameof(Retention)]);
        }
    }
}
