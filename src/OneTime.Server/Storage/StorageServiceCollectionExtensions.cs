using Microsoft.Extensions.Options;

namespace OneTime.Server.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddSecretStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<ISecretStore>(sp =>
            new SqliteSecretStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.AddHostedService<ExpirySweeper>();
        return services;
    }
}

[OptionsValidator]
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
