using System.ComponentModel.DataAnnotations;
using OneTime.Core;

namespace OneTime.Server.Secrets;

/// <summary>Section <c>OneTime:Secrets</c>: what a sender may choose, and how much.</summary>
public sealed class SecretsOptions : IValidatableObject
{
    public const string Section = "OneTime:Secrets";

    // Lists stay null unless configured: the configuration binder appends to a non-empty default
    // array instead of replacing it.
    /// <summary>Time-to-live codes offered, e.g. <c>1h</c>, <c>1d</c>, <c>7d</c>, <c>30d</c>.</summary>
    public string[]? TimeToLive { get; set; }

    /// <summary>Login counts offered, e.g. 1, 2, 3, 5.</summary>
    public int[]? LoginCounts { get; set; }

    /// <summary>Largest ciphertext accepted, in bytes (nonce and tag included).</summary>
    [Range(1024, Envelope.MaxCiphertextCeiling)]
    public int MaxCiphertextBytes { get; set; } = 1024 * 1024;

    public IReadOnlyList<string> AllowedTimeToLive => TimeToLive ?? Lifetime.DefaultCodes;

    public IReadOnlyList<int> AllowedLoginCounts => LoginCounts ?? Lifetime.DefaultLoginCounts;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AllowedTimeToLive.Count == 0 || AllowedTimeToLive.Any(code => !Lifetime.TryParse(code, out _)))
        {
            yield return new ValidationResult(
                "OneTime:Secrets:TimeToLive must list codes such as 1h, 1d, 7d or 30d.", [nameof(TimeToLive)]);
        }

        if (AllowedLoginCounts.Count == 0 || AllowedLoginCounts.Any(count => count is < 1 or > 1000))
        {
            yield return new ValidationResult(
                "OneTime:Secrets:LoginCounts must list numbers from 1 to 1000.", [nameof(LoginCounts)]);
        }
    }
}
