using Microsoft.Extensions.Options;

namespace OneTime.Server.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddSecretStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<ISecretStore>(sp => Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddHostedService<ExpirySweeper>();
        return services;
    }

    private static ISecretStore Create(StorageOptions options) => options.Kind switch
    {
        StorageProvider.Redis => new RedisSecretStore(options.ConnectionString, options.KeyPrefix),
        StorageProvider.Postgres => new PostgresSecretStore(options.ConnectionString),
        _ => new SqliteSecretStore(options.ConnectionString),
    };
}

[OptionsValidator]
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
