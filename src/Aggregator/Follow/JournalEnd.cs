using Akka.Actor;
using Akka.Persistence;

namespace KrgLogs.Aggregator.Follow;

/// <summary>
/// The highest sequence number the journal holds for one persistence id, asked through the journal's own
/// protocol (a replay of nothing answers with it): cheap and the same on SQLite and PostgreSQL, where scanning the
/// events to find "now" would not be.
/// </summary>
public static class JournalEnd
{
    public static async Task<long> HighestSequenceNrAsync(ActorSystem system, string persistenceId, TimeSpan timeout)
    {
        var answer = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(Props.Create(() => new Listener(answer)));
        try
        {
            Persistence.Instance.Apply(system).JournalFor(null)
                .Tell(new ReplayMessages(1, 0, 0, persistenceId, listener));
            return await answer.Task.WaitAsync(timeout);
        }
        finally
        {
            system.Stop(listener);
        }
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(TaskCompletionSource<long> answer)
        {
            Receive<RecoverySuccess>(s => answer.TrySetResult(s.HighestSequenceNr));
            Receive<ReplayMessagesFailure>(f => answer.TrySetException(f.Cause));
            ReceiveAny(_ => { });
        }
    }
}
