namespace OneTime.Server.Audit;

/// <summary>Section <c>OneTime:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "OneTime:Admin";

    /// <summary>API keys for the team audit export; with none, <c>/api/v1/audit</c> does not exist.</summary>
    public string[]? ApiKeys { get; set; }
}
