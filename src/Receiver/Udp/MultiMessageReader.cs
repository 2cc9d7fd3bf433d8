using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace KrgLogs.Receiver.Udp;

/// <summary>
/// Reads up to <see cref="Slots"/> queued datagrams in one <c>recvmmsg(2)</c> call, without blocking, into memory
/// allocated once: one system call per batch instead of two per datagram (FIONREAD and recvfrom). Linux, 64-bit
/// only (<see cref="IsSupported"/>); the layouts below are the LP64 <c>struct mmsghdr</c>.
/// </summary>
public sealed unsafe partial class MultiMessageReader : IDisposable
{
    /// <summary>Every datagram fits its slot: the largest UDP payload is 65,507 bytes.</summary>
    public const int SlotBytes = 65536;

    private const int AddressBytes = 128; // sizeof(struct sockaddr_storage)
    private const int MsgDontWait = 0x40;
    private const int EAgain = 11;
    private const int EIntr = 4;

    private readonly Socket _socket;
    private readonly byte* _payloads;
    private readonly byte* _addresses;
    private readonly IoVec* _vectors;
    private readonly MMsgHdr* _headers;
    private int _disposed;

    public MultiMessageReader(Socket socket, int slots = 64)
    {
        _socket = socket;
        Slots = slots;
        _payloads = (byte*)NativeMemory.Alloc((nuint)slots * SlotBytes);
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)slots * AddressBytes);
        _vectors = (IoVec*)NativeMemory.AllocZeroed((nuint)(slots * sizeof(IoVec)));
        _headers = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(slots * sizeof(MMsgHdr)));
        for (var i = 0; i < slots; i++)
        {
            _vectors[i] = new IoVec { Base = (nint)(_payloads + ((long)i * SlotBytes)), Length = SlotBytes };
            _headers[i].Header.Name = (nint)(_addresses + (i * AddressBytes));
            _headers[i].Header.Iov = (nint)(_vectors + i);
            _headers[i].Header.IovLength = 1;
        }
    }

    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess && sizeof(MMsgHdr) == 64;

    public int Slots { get; }

    /// <summary>
    /// Takes what is queued, up to <see cref="Slots"/> datagrams; 0 when nothing is. Throws
    /// <see cref="SocketException"/> for other errors (an ICMP error reported on the socket, say).
    /// </summary>
    public int Receive()
    {
        for (var i = 0; i < Slots; i++)
        {
            _headers[i].Header.NameLength = AddressBytes;
            _headers[i].Header.Flags = 0;
            _headers[i].Length = 0;
        }

        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            while (true)
            {
                var count = RecvMmsg((int)handle.DangerousGetHandle(), _headers, (uint)Slots, MsgDontWait, 0);
                if (count >= 0)
                {
                    return count;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == EAgain)
                {
                    return 0;
                }

                if (errno != EIntr)
                {
                    throw new SocketException(errno);
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>The payload of datagram <paramref name="index"/> of the last <see cref="Receive"/>.</summary>
    public ReadOnlySpan<byte> Payload(int index) =>
        new(_payloads + ((long)index * SlotBytes), (int)Math.Min(_headers[index].Length, SlotBytes));

    /// <summary>Copies the source address of datagram <paramref name="index"/> into <paramref name="address"/>.</summary>
    /// <remarks><see cref="SocketAddress"/> holds the platform's raw sockaddr, which is what the kernel wrote.</remarks>
    public void SourceOf(int index, SocketAddress address)
    {
        var length = (int)Math.Min(_headers[index].Header.NameLength, (uint)address.Buffer.Length);
        new ReadOnlySpan<byte>(_addresses + (index * AddressBytes), length).CopyTo(address.Buffer.Span);
        address.Size = length;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        NativeMemory.Free(_payloads);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_headers);
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int RecvMmsg(int socket, MMsgHdr* messages, uint count, int flags, nint timeout);

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
}
