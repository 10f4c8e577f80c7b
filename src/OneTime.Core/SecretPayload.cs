namespace OneTime.Core;

/// <summary>The plaintext inside the envelope: UTF-8 JSON, with room for later fields.</summary>
/// <param name="Text">The content as typed by the sender.</param>
/// <param name="Format">How to show it; only "markdown" so far.</param>
public sealed record SecretPayload(string Text, string Format = SecretPayload.Markdown)
{
    /// <summary>The one format of version 1.</summary>
    public const string Markdown = "markdown";
}
