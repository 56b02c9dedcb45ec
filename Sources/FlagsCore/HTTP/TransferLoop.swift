internal import CCurl
import Glibc
import Synchronization

// The other half of the async client: what runs on its loop thread. `AsyncClient.swift` is the
// async/await bridge a caller sees; this file is the event loop under it — what asyncio's
// selector loop does for Python: one thread, one `epoll` set, every socket of every transfer.

/// Requests for the loop thread, appended under the lock by any thread.
struct Inbox {
    var added: [Ticket] = []
    var cancelled: [Ticket] = []
    /// The run's cancellation signal fired: every transfer ends, and no new one starts.
    var transfersStopped = false
    var stopping = false
    /// Set once the loop has closed its wake-up descriptor.
    var closed = false
    /// A wake-up is already on its way: later posts need not write again.
    var wakePending = false
}

/// Where other threads leave work for the loop thread, and how they wake it: an `eventfd` the
/// loop watches in its epoll set.
final class Mailbox: Sendable {
    let wakeDescriptor: Int32
    private let inbox = Mutex(Inbox())

    static let shutDown = TransferError(.cancelled, "the client was shut down")
    static let stopped = TransferError(.cancelled, "the run was stopped")

    init(wakeDescriptor: Int32) {
        self.wakeDescriptor = wakeDescriptor
    }

    /// Queues a new transfer.
    ///
    /// - Returns: `nil`, or the error to fail it with when the client no longer takes transfers.
    func post(_ ticket: Ticket) -> TransferError? {
        inbox.withLock { inbox in
            if inbox.stopping { return Self.shutDown }
            if inbox.transfersStopped { return Self.stopped }
            inbox.added.append(ticket)
            wake(&inbox)
            return nil
        }
    }

    func postCancel(_ ticket: Ticket) {
        inbox.withLock { inbox in
            inbox.cancelled.append(ticket)
            wake(&inbox)
        }
    }

    /// Ends every transfer in flight and refuses new ones (the run's cancellation signal).
    func postStopTransfers() {
        inbox.withLock { inbox in
            inbox.transfersStopped = true
            wake(&inbox)
        }
    }

    func postStop() {
        inbox.withLock { inbox in
            inbox.stopping = true
            wake(&inbox)
        }
    }

    /// Closes the wake-up descriptor, under the lock so that no `wake` can race with it.
    func close() {
        inbox.withLock { inbox in
            guard !inbox.closed else { return }
            inbox.closed = true
            Glibc.close(wakeDescriptor)
        }
    }

    /// Called by the loop when it wakes: everything posted since the last turn.
    func take() -> Inbox {
        inbox.withLock { inbox in
            defer {
                inbox.added.removeAll()
                inbox.cancelled.removeAll()
                inbox.wakePending = false
            }
            return inbox
        }
    }

    /// Called with the lock held: the descriptor is open until `close()`.
    private func wake(_ inbox: inout Inbox) {
        guard !inbox.closed, !inbox.wakePending else { return }
        inbox.wakePending = true
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }
}

/// The loop thread's state: created by the client, then owned by the loop thread alone from
/// `run()` to its end (the multi handle, the epoll set and the easy handles are never touched by
/// another thread). If the thread cannot start, the creating thread still owns it and calls
/// `stop`.
final class TransferLoop {
    let mailbox: Mailbox
    private let multi: UnsafeMutableRawPointer
    private let epoll: Int32
    private let options: ClientOptions
    /// Transfers in curl, by easy handle (curl's messages name the handle) and by ticket (a
    /// cancel names the ticket): both lookups are O(1).
    private var active: [UnsafeMutableRawPointer: (ticket: Ticket, handle: EasyHandle)] = [:]
    private var activeByTicket: [ObjectIdentifier: UnsafeMutableRawPointer] = [:]
    private var idle: [EasyHandle] = []
    /// When curl next wants `CURL_SOCKET_TIMEOUT` (its timer callback sets it).
    fileprivate var timerDeadline: ContinuousClock.Instant?

    init(options: ClientOptions) throws(TransferError) {
        self.options = options
        let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        let epollErrno = errno
        let wake = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        let wakeErrno = errno
        guard epoll >= 0, wake >= 0, let multi = curl_multi_init() else {
            let reason =
                epoll < 0
                ? String(cString: strerror(epollErrno))
                : wake < 0 ? String(cString: strerror(wakeErrno)) : "curl_multi_init failed"
            if epoll >= 0 { close(epoll) }
            if wake >= 0 { close(wake) }
            throw TransferError(.other, "cannot set up the transfer loop: \(reason)")
        }
        self.epoll = epoll
        self.multi = multi
        mailbox = Mailbox(wakeDescriptor: wake)
        var event = epoll_event()
        event.events = UInt32(EPOLLIN.rawValue)
        event.data.fd = wake
        let this = Unmanaged.passUnretained(self).toOpaque()
        let codes = [
            flags_multi_setopt_socket_function(multi, multiSocketCallback),
            flags_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, this),
            flags_multi_setopt_timer_function(multi, multiTimerCallback),
            flags_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, this),
        ]
        let watched = epoll_ctl(epoll, EPOLL_CTL_ADD, wake, &event) == 0
        if let failed = codes.first(where: { $0 != CURLM_OK }) {
            stop(pendingAdds: [])
            throw TransferError(.other, "cannot set up the transfer loop: \(multiError(failed))")
        }
        if !watched {
            let reason = String(cString: strerror(errno))
            stop(pendingAdds: [])
            throw TransferError(.other, "cannot set up the transfer loop: \(reason)")
        }
    }

    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var running: Int32 = 0
        while true {
            let inbox = mailbox.take()
            if inbox.stopping {
                stop(pendingAdds: inbox.added)
                return
            }
            if inbox.transfersStopped {
                failAll(inbox.added, with: Mailbox.stopped)
            } else {
                for ticket in inbox.added { start(ticket) }
            }
            for ticket in inbox.cancelled { remove(ticket) }
            if let deadline = timerDeadline, deadline <= .now {
                timerDeadline = nil
                checked(curl_multi_socket_action(multi, CURL_SOCKET_BAD, 0, &running))
                collectFinished()
                continue
            }
            let count = epoll_wait(epoll, &events, Int32(events.count), waitMilliseconds())
            for event in events.prefix(max(0, Int(count))) {
                let fd = event.data.fd
                if fd == mailbox.wakeDescriptor {
                    var drained: UInt64 = 0
                    _ = read(fd, &drained, MemoryLayout<UInt64>.size)
                    continue
                }
                var flags: Int32 = 0
                if event.events & UInt32(EPOLLIN.rawValue) != 0 { flags |= CURL_CSELECT_IN }
                if event.events & UInt32(EPOLLOUT.rawValue) != 0 { flags |= CURL_CSELECT_OUT }
                if event.events & UInt32(EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                    flags |= CURL_CSELECT_ERR
                }
                checked(curl_multi_socket_action(multi, fd, flags, &running))
            }
            collectFinished()
        }
    }

    /// How long epoll may sleep: until curl's timer, or until woken.
    private func waitMilliseconds() -> Int32 {
        guard let deadline = timerDeadline else { return -1 }
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return 0 }
        // At most a minute: compared as a Duration, so nothing is converted before it is bounded.
        guard remaining < .seconds(60) else { return 60_000 }
        return Int32(EasyHandle.curlMilliseconds(remaining))
    }

    /// Curl's socket callback: watch `socket` for `what` (CURL_POLL_IN/OUT/INOUT/REMOVE).
    fileprivate func socketChanged(_ socket: Int32, what: Int32) {
        if what == CURL_POLL_REMOVE {
            epoll_ctl(epoll, EPOLL_CTL_DEL, socket, nil)
            return
        }
        var events: UInt32 = 0
        if what & CURL_POLL_IN != 0 { events |= UInt32(EPOLLIN.rawValue) }
        if what & CURL_POLL_OUT != 0 { events |= UInt32(EPOLLOUT.rawValue) }
        watch(socket, events: events)
    }

    private func watch(_ socket: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = socket
        if epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event) != 0 && errno == ENOENT {
            epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event)
        }
    }

    private func start(_ ticket: Ticket) {
        // Cancelled after `install`, before (or while) it was posted: its caller has been resumed
        // and no cancel will follow that could remove it, so it must never start.
        guard ticket.isWaiting else { return }
        let handle: EasyHandle
        if let reused = idle.popLast() {
            handle = reused
        } else {
            do {
                handle = try EasyHandle(options: options)
            } catch {
                ticket.take()?.resume(throwing: error)
                return
            }
        }
        handle.prepare(url: ticket.url)
        let code = curl_multi_add_handle(multi, handle.raw)  // curl's timer callback schedules its start
        guard code == CURLM_OK else {
            idle.append(handle)  // never added: reusable
            ticket.take()?.resume(
                throwing: TransferError(.other, "cannot start the transfer: \(multiError(code))"))
            return
        }
        active[handle.raw] = (ticket, handle)
        activeByTicket[ObjectIdentifier(ticket)] = handle.raw
    }

    private func remove(_ ticket: Ticket) {
        guard let raw = activeByTicket.removeValue(forKey: ObjectIdentifier(ticket)),
            let entry = active.removeValue(forKey: raw)
        else { return }
        detach(entry.handle)  // closes its connection: the body was unfinished
    }

    /// Takes a transfer out of the multi handle and keeps its easy handle for reuse. Should curl
    /// refuse, the handle is dropped instead: its deinit calls `curl_easy_cleanup`, which also
    /// takes it out of the multi handle.
    private func detach(_ handle: EasyHandle) {
        if curl_multi_remove_handle(multi, handle.raw) == CURLM_OK { idle.append(handle) }
    }

    /// Fails every transfer in curl and every ticket in `tickets`, and frees the transfers' slots.
    private func failAll(_ tickets: [Ticket], with error: TransferError) {
        for ticket in tickets { ticket.take()?.resume(throwing: error) }
        for entry in active.values {
            detach(entry.handle)
            entry.ticket.take()?.resume(throwing: error)
        }
        active.removeAll()
        activeByTicket.removeAll()
    }

    /// Checks the result of `curl_multi_socket_action`: a socket curl no longer knows is harmless;
    /// anything else means the multi handle is broken, so every transfer fails rather than waits.
    private func checked(_ code: CURLMcode) {
        guard code != CURLM_OK, code != CURLM_BAD_SOCKET else { return }
        failAll([], with: TransferError(.other, "libcurl's event loop failed: \(multiError(code))"))
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else {
                continue
            }
            let code = flags_msg_result(message)
            guard let (ticket, handle) = active.removeValue(forKey: easy) else {
                _ = curl_multi_remove_handle(multi, easy)
                continue
            }
            activeByTicket[ObjectIdentifier(ticket)] = nil
            detach(handle)
            let result = handle.finish(code)
            ticket.take()?.resume(with: result.mapError { $0 as any Error })
        }
    }

    /// Fails everything still pending and frees every handle and descriptor. Called once, by the
    /// thread that owns the loop.
    func stop(pendingAdds: [Ticket]) {
        failAll(pendingAdds, with: Mailbox.shutDown)
        idle.removeAll()  // EasyHandle's deinit calls curl_easy_cleanup
        curl_multi_cleanup(multi)
        mailbox.close()
        close(epoll)
    }
}

private func multiError(_ code: CURLMcode) -> String {
    String(cString: curl_multi_strerror(code))
}

private let multiSocketCallback: curl_socket_callback = { _, socket, what, userdata, _ in
    guard let userdata else { return 0 }
    Unmanaged<TransferLoop>.fromOpaque(userdata).takeUnretainedValue().socketChanged(socket, what: what)
    return 0
}

private let multiTimerCallback: curl_multi_timer_callback = { _, milliseconds, userdata in
    guard let userdata else { return 0 }
    let loop = Unmanaged<TransferLoop>.fromOpaque(userdata).takeUnretainedValue()
    loop.timerDeadline = milliseconds < 0 ? nil : .now.advanced(by: .milliseconds(milliseconds))
    return 0
}
