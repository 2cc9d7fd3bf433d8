namespace KrgLogs.Receiver.Tests;

/// <summary>Awaits a condition with a deadline: the tests' only way to wait for another thread.</summary>
public static class Condition
{
    public static async Task Until(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not true after {seconds} s: {what}");
            await Task.Delay(10);
        }
    }
}
