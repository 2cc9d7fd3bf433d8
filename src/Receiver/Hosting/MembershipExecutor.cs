using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace KrgLogs.Receiver.Hosting;

/// <summary>
/// Runs the cluster's and remoting's own actors (<see cref="ClusterTuning.MembershipDispatcher"/>) on threads of their
/// own, as Akka's fork-join executor does, but an idle thread blocks at once instead of spinning. The fork-join
/// executor's threads called <c>sched_yield</c> some 50 times each time they ran dry, which is after every heartbeat
/// and gossip (each 500 ms): about 3 % of a core per process when idle, and more on a busy machine.
/// </summary>
public sealed class MembershipExecutor : ExecutorService
{
    private readonly Queue<IRunnable> _work = new();
    private readonly Action<Exception> _failed;
    private int _idle;
    private bool _shutdown;

    public MembershipExecutor(string id, int threads, Action<Exception> failed)
        : base(id)
    {
        _failed = failed;
        for (var i = 1; i <= Math.Max(1, threads); i++)
        {
            new Thread(Run) { IsBackground = true, Name = $"{id}-{i}" }.Start();
        }
    }

    public override void Execute(IRunnable run)
    {
        lock (_work)
        {
            if (_shutdown)
            {
                throw new RejectedExecutionException($"{Id} is shutting down");
            }

            _work.Enqueue(run);
            if (_idle > 0)
            {
                Monitor.Pulse(_work);
            }
        }
    }

    public override void Shutdown()
    {
        lock (_work)
        {
            _shutdown = true;
            Monitor.PulseAll(_work);
        }
    }

    private void Run()
    {
        while (true)
        {
            IRunnable run;
            lock (_work)
            {
                while (_work.Count == 0)
                {
                    if (_shutdown)
                    {
                        return;
                    }

                    _idle++;
                    Monitor.Wait(_work);
                    _idle--;
                }

                run = _work.Dequeue();
            }

            try
            {
                run.Run();
            }
            catch (Exception e)
            {
                // Actors' failures go to their supervisors inside Run; anything else must not end the thread.
                _failed(e);
            }
        }
    }
}

/// <summary>Akka builds the executor from the dispatcher's configuration: <c>executor = "&lt;this type&gt;"</c>.</summary>
public sealed class MembershipExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) =>
        new MembershipExecutor(id, Config.GetInt("threads", 2), e =>
            Prerequisites.EventStream.Publish(new Error(e, id, typeof(MembershipExecutor), "an executor task failed")));
}
