using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// Makes many files durable at once: Linux's <c>syncfs(2)</c> writes back everything dirty in the file system that
/// holds <c>file</c>, in one call. Measured on this machine with 1,000 files of 1.5 KB each: one
/// <c>syncfs</c> took 19 ms and 6 ms of the process's CPU, 1,000 <c>fsync</c> calls 225 ms and 73 ms (the whole machine's CPU,
/// the kernel's writeback threads included: 15 against 112–144 ms). Linux reports write-back errors through it since
/// 5.8. Elsewhere (or if the call fails) it returns false and the caller fsyncs each file.
/// </summary>
internal static partial class FileSystemSync
{
    /// <summary>True when the file system holding <paramref name="file"/> reached the disk.</summary>
    public static bool TrySync(SafeFileHandle file) => OperatingSystem.IsLinux() && SyncFs(file) == 0;

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(SafeFileHandle file);
}
