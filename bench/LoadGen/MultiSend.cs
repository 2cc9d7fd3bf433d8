using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace KrgLogs.LoadGen;

/// <summary>
/// sendmmsg(2) on a connected UDP socket: one system call for a whole batch, so the generator is not the
/// bottleneck (a send() per datagram costs about as much as krglogs's receive).
/// </summary>
public static unsafe partial class MultiSend
{
    private const int MaxBatch = 1024;
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private const int ENOBUFS = 105;
    private const int ECONNREFUSED = 111; // an ICMP error from an earlier datagram (nobody listened then): reported once, retry

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public nint Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public nint Name;
        public uint NameLength;
        public nint Iov;
        public nuint IovLength;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMMsg(nint fd, MMsgHdr* messages, uint count, int flags);

    public static void Send(Socket socket, DatagramBatch batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (batch.Count > MaxBatch)
        {
            throw new ArgumentException("batch too large", nameof(batch));
        }

        var iov = stackalloc IoVec[batch.Count];
        var messages = stackalloc MMsgHdr[batch.Count];
        fixed (byte* buffer = batch.Buffer)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                iov[i].Base = (nint)(buffer + batch.Offsets[i]);
                iov[i].Length = (nuint)batch.Lengths[i];
                messages[i] = default;
                messages[i].Header.Iov = (nint)(iov + i);
                messages[i].Header.IovLength = 1;
            }

            var fd = socket.Handle;
            var done = 0;
            for (var attempts = 0; done < batch.Count; attempts++)
            {
                var n = SendMMsg(fd, messages + done, (uint)(batch.Count - done), 0);
                if (n > 0)
                {
                    done += n;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if ((errno is EINTR or EAGAIN or ENOBUFS or ECONNREFUSED) && attempts < 10_000)
                {
                    Thread.Yield();
                    continue;
                }

                throw new SocketException(errno);
            }
        }
    }
}
