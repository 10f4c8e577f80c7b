using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OneTime.Server.OpenApi;

/// <summary>Field descriptions and enums from <see cref="SchemaDocs"/>, and the wire's real strictness.</summary>
internal sealed class SchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // The API reads numbers strictly ("1" is not 1: CoreJsonContext), but the framework derives
        // schemas from the looser web defaults, which would advertise numbers in strings.
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (context.JsonPropertyInfo is { DeclaringType: { } declaring } property)
        {
            var key = $"{declaring.Name}.{property.Name}";
            if (SchemaDocs.Descriptions.TryGetValue(key, out var description))
            {
                schema.Description = description;
            }

            if (SchemaDocs.Enums.TryGetValue(key, out var values))
            {
                schema.Enum = SchemaDocs.ToNodes(values);
            }
        }

        if (SchemaDocs.RequiredRequestFields.TryGetValue(context.JsonTypeInfo.Type, out var required))
        {
            schema.Required = new HashSet<string>(required);
            foreach (var name in required)
            {
                if (schema.Properties is { } properties && properties.TryGetValue(name, out var found) && found is OpenApiSchema field && field.Type is { } fieldType)
                {
                    field.Type = fieldType & ~JsonSchemaType.Null;
                }
            }
        }

        return Task.CompletedTask;
    }
}
