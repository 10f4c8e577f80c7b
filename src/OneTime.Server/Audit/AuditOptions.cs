using System.ComponentModel.DataAnnotations;

namespace OneTime.Server.Audit;

/// <summary>How much of a client's address the access log keeps.</summary>
public enum ClientAddressMode
{
    /// <summary>The whole address.</summary>
    Full,

    /// <summary>The network only: IPv4 /24, IPv6 /48. Enough to tell an office from a stranger.</summary>
    Truncated,

    /// <summary>Nothing.</summary>
    None,
}

/// <summary>Section <c>OneTime:Audit</c>.</summary>
public sealed class AuditOptions : IValidatableObject
{
    public const string Section = "OneTime:Audit";

    /// <summary>How long tombstones and access events stay after the secret's expiry.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    public ClientAddressMode ClientAddress { get; set; } = ClientAddressMode.Truncated;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Retention < TimeSpan.Zero)
        {
            yield return new ValidationResult("OneTime:Audit:Retention must not be negative.", [nameof(Retention)]);
        }
    }
}
