import Synchronization

/// What one connection's ``ConnectionGuard`` (on the event loop) tells the responder of its
/// requests (a Swift task): whether a response reached the socket whole, and when the client left.
///
/// Hummingbird's response writer returns once a part is queued, not once it is written, so the
/// responder cannot see by itself whether its last byte went out. The guard sees every response's
/// `.end` pass and its write promise complete; it numbers the ends in order, and the responder
/// waits for the number of its own (``delivered(_:)``). HTTP/1.1 answers a connection's requests
/// in order, one at a time here, so the n-th ticket is the n-th end.
///
/// It also ends the responder's holds (delays, latencies, pauses) the moment the client leaves:
/// a held request must not keep its in-flight slot and connection for the rest of its delay.
final class ConnectionLink: Sendable {
    private struct State {
        /// Tickets handed out: the number of the next response's `.end`.
        var tickets = 0
        /// Ends seen by the guard so far.
        var ends = 0
        /// Every end numbered up to this one was written whole.
        var written = 0
        /// The client closed its side (`FIN`): it left, or it will read no more than what is
        /// already on its way. Holds end (as nginx treats a client that closes while it waits).
        var inputClosed = false
        /// The connection closed: nothing more is delivered.
        var closed = false
        /// A responder waiting for a ticket's end.
        var waiter: (ticket: Int, continuation: CheckedContinuation<Bool, Never>)?
        /// The hold in progress, cancelled when the client leaves.
        var hold: Task<Void, any Error>?
    }

    private let state = Mutex(State())

    // MARK: Responder side

    /// A ticket for the response about to be written: pass it to ``delivered(_:)`` once written.
    func ticket() -> Int {
        state.withLock { state in
            state.tickets += 1
            return state.tickets
        }
    }

    /// Whether the response with `ticket` was written to the socket whole: waits for its `.end`'s
    /// write to complete, or for the connection to close (then `false`). Cancelling the wait
    /// answers what is known then.
    func delivered(_ ticket: Int) async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let known = state.withLock { state -> Bool? in
                    if let answer = Self.answer(ticket, state) { return answer }
                    state.waiter = (ticket, continuation)
                    return nil
                }
                if let known { continuation.resume(returning: known) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.continuation.resume(returning: false)
        }
    }

    /// Waits `duration`, unless the client leaves first (then throws ``ClientGone``) or the task
    /// is cancelled (then throws `CancellationError`).
    func hold(_ duration: Duration) async throws {
        guard duration > .zero else { return }
        let sleeper = Task { try await Task.sleep(for: duration) }
        let gone = state.withLock { state in
            let gone = state.inputClosed || state.closed
            if !gone { state.hold = sleeper }
            return gone
        }
        defer { state.withLock { $0.hold = nil } }
        if gone {
            sleeper.cancel()
            throw ClientGone()
        }
        do {
            try await withTaskCancellationHandler {
                try await sleeper.value
            } onCancel: {
                sleeper.cancel()
            }
        } catch {
            if isGone { throw ClientGone() }
            throw error
        }
    }

    /// Whether the client has left (closed its side or the whole connection).
    var isGone: Bool { state.withLock { $0.inputClosed || $0.closed } }

    /// Thrown by ``hold(_:)`` when the client leaves during the hold.
    struct ClientGone: Error {}

    // MARK: Guard side (event loop)

    /// A response's `.end` is being written: returns its number, for ``endWritten(_:)``.
    func endSent() -> Int {
        state.withLock { state in
            state.ends += 1
            return state.ends
        }
    }

    /// The write of end number `end` succeeded: every byte of that response is in the socket.
    func endWritten(_ end: Int) {
        let waiter = state.withLock { state -> (CheckedContinuation<Bool, Never>, Bool)? in
            state.written = max(state.written, end)
            return Self.takeWaiter(&state)
        }
        if let (continuation, answer) = waiter { continuation.resume(returning: answer) }
    }

    /// The client closed its side (`FIN`): the hold in progress, if any, ends at once.
    func inputClosed() {
        let hold = state.withLock { state in
            state.inputClosed = true
            return state.hold
        }
        hold?.cancel()
    }

    /// The connection closed: holds end, and what was not written whole never will be.
    func connectionClosed() {
        let (hold, waiter) = state.withLock { state in
            state.closed = true
            return (state.hold, Self.takeWaiter(&state))
        }
        hold?.cancel()
        if let (continuation, answer) = waiter { continuation.resume(returning: answer) }
    }

    private static func answer(_ ticket: Int, _ state: State) -> Bool? {
        if state.written >= ticket { return true }
        return state.closed ? false : nil
    }

    private static func takeWaiter(_ state: inout State) -> (CheckedContinuation<Bool, Never>, Bool)? {
        guard let waiter = state.waiter, let answer = answer(waiter.ticket, state) else { return nil }
        state.waiter = nil
        return (waiter.continuation, answer)
    }
}
