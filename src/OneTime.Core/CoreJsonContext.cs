using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneTime.Core;

/// <summary>Source-generated JSON for the types the server and the CLI exchange.</summary>
// Strict numbers: "1" is not 1. Duplicate properties are refused, so no two parsers can
// disagree about which value counts.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowDuplicateProperties = false, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(SecretPayload))]
[JsonSerializable(typeof(CreateSecretRequest))]
[JsonSerializable(typeof(CreateSecretResponse))]
[JsonSerializable(typeof(SecretStatusResponse))]
[JsonSerializable(typeof(OpenSecretRequest))]
[JsonSerializable(typeof(OpenSecretResponse))]
[JsonSerializable(typeof(SettingsResponse))]
[JsonSerializable(typeof(ManageSecretResponse))]
[JsonSerializable(typeof(BurnSecretRequest))]
[JsonSerializable(typeof(AuditEventResponse))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
