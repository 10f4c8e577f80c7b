using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OneTime.Core;

namespace OneTime.Cli.Commands;

/// <summary><c>onetime share</c>: encrypts here, sends only ciphertext and verifier, prints the links.</summary>
internal static class ShareCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "The file to share, or - for standard input (the default).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var ttl = new Option<string>("--ttl")
        {
            Description = "How long the secret lives.",
            HelpName = "1h|1d|7d|30d",
            DefaultValueFactory = _ => Lifetime.DefaultCodes[0],
        };
        var logins = new Option<int>("--logins")
        {
            Description = "How many times it may be opened.",
            HelpName = "1|2|3|5",
            DefaultValueFactory = _ => Lifetime.DefaultLoginCounts[0],
            // The parser's own words would be "expected type 'System.Int32'".
            CustomParser = result =>
            {
                if (result.Tokens is [{ } token] && int.TryParse(token.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
                {
                    return count;
                }

                result.AddError($"--logins must be a login count such as {string.Join(", ", Lifetime.DefaultLoginCounts)}.");
                return 0;
            },
        };
        var label = new Option<string?>("--label")
        {
            Description = "A note for your status page and the audit log. Stored unencrypted: never put the secret in it.",
            HelpName = "TEXT",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };

        var command = new Command("share", "Encrypt a text here and share it once. Prints the URL, the Login key and your status link.")
        {
            file, ttl, logins, label, json,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            () => ShareAsync(parse.GetValue(file), parse.GetValue(ttl)!, parse.GetValue(logins), parse.GetValue(label), parse.GetValue(json), parse.GetValue(CommonOptions.Server), ct),
            ct));
        return command;
    }

    private static async Task ShareAsync(string? file, string ttl, int logins, string? label, bool json, string? serverOption, CancellationToken ct)
    {
        if (!Lifetime.TryParse(ttl, out _))
        {
            throw CliException.BadInput($"--ttl must be a time to live such as {string.Join(", ", Lifetime.DefaultCodes)}.");
        }

        if (logins < 1)
        {
            throw CliException.BadInput($"--logins must be a login count such as {string.Join(", ", Lifetime.DefaultLoginCounts)}.");
        }

        // The parser takes an unknown option for the FILE argument; say what it most likely is.
        if (file is not null && file.StartsWith("--", StringComparison.Ordinal) && !File.Exists(file))
        {
            throw CliException.BadInput($"Unknown option {file}. Run 'onetime share --help' for the options.");
        }

        var server = ServerAddress.Resolve(serverOption, fromLink: null);
        var text = await ReadContentAsync(file, ct);

        // The key is made here and leaves this machine only on stdout: the server gets the
        // ciphertext and SHA-256(authToken), from which neither the key nor the content follows.
        var key = LoginKey.Generate();
        var sealedBytes = Envelope.SealBytes(key, PayloadBytes(text), System.Security.Cryptography.RandomNumberGenerator.GetBytes(Envelope.NonceSize));
        var request = new CreateSecretRequest(
            Envelope.ToBase64Url(sealedBytes),
            Envelope.ToBase64Url(Envelope.ComputeVerifier(Envelope.DeriveAuthToken(key))),
            ttl,
            logins,
            label);

        using var client = new OneTimeClient(server);
        var created = await client.CreateAsync(request, ct);
        var result = ShareResult.From(server, created, key);
        Console.Out.Write(json ? JsonSerializer.Serialize(result, CliJsonContext.Default.ShareResult) + "\n" : result.ToText(DateTimeOffset.UtcNow));
    }

    /// <summary>
    /// The content as text. OneTime shares text (the payload is JSON), so bytes that are not UTF-8
    /// are refused rather than silently changed; every valid byte sequence comes back exactly.
    /// </summary>
    private static async Task<string> ReadContentAsync(string? file, CancellationToken ct)
    {
        byte[] bytes;
        if (file is null or "-")
        {
            if (!Console.IsInputRedirected)
            {
                Console.Error.WriteLine("Type or paste the secret, then press Ctrl-D on an empty line (Ctrl-Z, Enter on Windows).");
            }

            using var stdin = Console.OpenStandardInput();
            bytes = await ReadAtMostAsync(stdin, ct);
        }
        else
        {
            if (Directory.Exists(file))
            {
                throw CliException.BadInput($"{file} is a folder. Give a file, or pipe the content in.");
            }

            try
            {
                await using var stream = File.OpenRead(file);
                bytes = await ReadAtMostAsync(stream, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.BadInput($"Cannot read {file}: {e.Message}");
            }
        }

        if (bytes.Length == 0)
        {
            throw CliException.BadInput("Nothing to share: the content is empty.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw CliException.BadInput("The content is not UTF-8 text. OneTime shares text: encode binary data first (for example with base64).");
        }

        // As the share page refuses it: spaces and line breaks alone are never the secret meant.
        return string.IsNullOrWhiteSpace(text)
            ? throw CliException.BadInput("Nothing to share: the content is only spaces and line breaks.")
            : text;
    }

    /// <summary>
    /// Reads the content, but stops past what any server could accept: a large file piped in by
    /// mistake is refused at once instead of filling the memory (encrypting takes several copies).
    /// </summary>
    private static async Task<byte[]> ReadAtMostAsync(Stream input, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > Envelope.MaxCiphertextCeiling)
            {
                throw CliException.BadInput(
                    $"The secret is too large: over {Envelope.MaxCiphertextCeiling / (1024 * 1024)} MiB, more than any OneTime server accepts. Share a shorter text or split it.");
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The payload JSON of DESIGN §2. Non-ASCII text stays as UTF-8 instead of \uXXXX escapes, as
    /// the browser's JSON.stringify writes it, so a text in Hebrew or Greek is not three times larger
    /// against the size limit. The JSON is only ever decrypted and parsed, never put into HTML.
    /// </summary>
    private static byte[] PayloadBytes(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, new SecretPayload(text), CoreJsonContext.Default.SecretPayload);
        }

        return buffer.ToArray();
    }
}
