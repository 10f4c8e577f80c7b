namespace OneTime.Cli.Commands;

/// <summary>Runs a command's work and turns every way it can end into a message on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task> work, CancellationToken ct)
    {
        try
        {
            await work();
            return ExitCodes.Done;
        }
        catch (CliException e)
        {
            return Fail(e);
        }
        catch (ApiException e)
        {
            return Fail(ApiFailure.ToCliException(e));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.Error.WriteLine("onetime: interrupted.");
            return 130;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug, not a user's mistake: say what broke without a stack trace full of paths.
            Console.Error.WriteLine($"onetime: unexpected error ({e.GetType().Name}): {e.Message}");
            return ExitCodes.Unexpected;
        }
    }

    private static int Fail(CliException e)
    {
        Console.Error.WriteLine($"onetime: {e.Message}");
        return e.ExitCode;
    }
}
