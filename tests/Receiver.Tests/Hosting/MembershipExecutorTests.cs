using System.Collections.Concurrent;
using Akka.Dispatch;
using KrgLogs.Receiver.Hosting;

namespace KrgLogs.Receiver.Tests.Hosting;

public sealed class MembershipExecutorTests
{
    [Fact]
    public async Task Every_task_runs_once_on_the_executors_own_threads()
    {
        var failures = new ConcurrentQueue<Exception>();
        var executor = new MembershipExecutor("test-membership", threads: 2, failures.Enqueue);
        var runs = new int[10_000];
        var threads = new ConcurrentDictionary<string, bool>();
        Parallel.For(0, runs.Length, i => executor.Execute(new Work(() =>
        {
            Interlocked.Increment(ref runs[i]);
            threads.TryAdd(Thread.CurrentThread.Name ?? "?", true);
        })));

        await Condition.Until(() => runs.All(n => n == 1), "every task ran");
        Assert.All(runs, n => Assert.Equal(1, n));
        Assert.All(threads.Keys, name => Assert.StartsWith("test-membership-", name, StringComparison.Ordinal));
        Assert.Empty(failures);
        executor.Shutdown();
    }

    [Fact]
    public async Task A_failing_task_is_reported_and_the_threads_go_on()
    {
        var failures = new ConcurrentQueue<Exception>();
        var executor = new MembershipExecutor("test-membership", threads: 1, failures.Enqueue);
        var after = 0;
        executor.Execute(new Work(() => throw new InvalidOperationException("boom")));
        executor.Execute(new Work(() => Interlocked.Increment(ref after)));

        await Condition.Until(() => Volatile.Read(ref after) == 1, "the task after the failure ran");
        Assert.Equal("boom", Assert.Single(failures).Message);
        executor.Shutdown();
    }

    [Fact]
    public void A_stopped_executor_refuses_work()
    {
        var executor = new MembershipExecutor("test-membership", threads: 1, _ => { });
        executor.Shutdown();
        Assert.Throws<RejectedExecutionException>(() => executor.Execute(new Work(() => { })));
    }

    private sealed class Work(Action action) : IRunnable
    {
        public void Run() => action();

        public void Execute() => action(); // IRunnable is also a thread-pool work item
    }
}
