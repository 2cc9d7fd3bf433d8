namespace KrgLogs.Shared.Crashes;

/// <summary>Which of a stack's non-generic frames names the bug.</summary>
internal enum FrameChoice
{
    /// <summary>The top one.</summary>
    First,

    /// <summary>Stalls and lockups loop anywhere: take the frame just below a dispatch anchor (syscall, work item...).</summary>
    Stall,

    /// <summary>Hung tasks are victims: group the rtnl_lock / synchronize_rcu waiters, skip the waiting machinery.</summary>
    HungTask,
}
