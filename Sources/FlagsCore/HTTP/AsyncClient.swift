import FlagsShared
import Glibc
import Synchronization

/// An async HTTP client over libcurl's multi interface: one dedicated thread runs an event loop
/// for every transfer, so thousands can be in flight while no thread of Swift's cooperative pool
/// ever blocks.
///
/// The loop uses curl's "multi socket" API with Linux `epoll`: curl says which sockets to watch,
/// and each readiness event makes curl work on that one socket only, so the cost of a turn does
/// not grow with the number of transfers in flight (`curl_multi_poll` would scan them all).
/// Other threads talk to the loop only through a locked inbox and an `eventfd` that wakes it.
/// Connections are kept alive in the multi handle's cache and reused across transfers.
public final class AsyncClient: Sendable {
    private let mailbox: Mailbox
    private let thread: Mutex<pthread_t?>
    private let cancellation: CancellationSignal?
    /// The handler that stops every transfer when `cancellation` fires.
    private let cancellationToken: Int?

    /// Starts the loop thread.
    ///
    /// - Parameters:
    ///   - options: timeouts and size limit applied to every transfer.
    ///   - cancellation: when it fires (Ctrl-C, a deadline), every transfer in flight is removed at
    ///     once and ends with a cancelled `TransferError`, and so does every later `get`: the same
    ///     as `BlockingClient`, with no need to cancel the tasks too.
    /// - Throws: `TransferError` if libcurl, epoll or the thread cannot be set up.
    public init(options: ClientOptions = ClientOptions(), cancellation: CancellationSignal? = nil)
        throws(TransferError)
    {
        _ = curlGlobalInit
        let loop = try TransferLoop(options: options)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(loop).toOpaque()
        let created = pthread_create(
            &thread,
            nil,
            { context in
                Unmanaged<TransferLoop>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            },
            context
        )
        guard created == 0 else {
            // The thread never ran, so this thread still owns the loop: free its handles.
            Unmanaged<TransferLoop>.fromOpaque(context).takeRetainedValue().stop(pendingAdds: [])
            throw TransferError(
                .other, "cannot start the transfer thread: \(String(cString: strerror(created)))")
        }
        mailbox = loop.mailbox
        self.thread = Mutex(thread)
        self.cancellation = cancellation
        // If the signal has already fired, the handler runs now and every `get` fails at once.
        cancellationToken = cancellation?.onCancel { [mailbox] _ in mailbox.postStopTransfers() }
    }

    deinit {
        release()
        // Never block here (the last reference may go on a cooperative thread): the loop thread
        // frees everything on its own once it sees the stop.
        if let thread = takeThread() { pthread_detach(thread) }
    }

    /// Fetches `url` and returns the whole response, whatever its status.
    ///
    /// - Throws: `TransferError` when no complete response arrived (`.cancelled` once the
    ///   client's cancellation signal fired or the client was shut down); `CancellationError` at
    ///   once when the calling task is cancelled (the transfer is removed and its connection
    ///   closed).
    public func get(_ url: String) async throws -> HTTPResponse {
        let ticket = Ticket(url: url)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard ticket.install(continuation) else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                // A cancel landing between `install` and `post` has resumed the caller already;
                // the loop checks the ticket before starting it.
                if let refusal = mailbox.post(ticket) {
                    ticket.take()?.resume(throwing: refusal)
                }
            }
        } onCancel: {
            // Resume the caller now; the loop removes the transfer on its next turn.
            ticket.cancel()?.resume(throwing: CancellationError())
            mailbox.postCancel(ticket)
        }
    }

    /// Fails the transfers still pending with a cancelled `TransferError`, frees every curl handle
    /// and joins the loop thread (from a thread of its own: no cooperative thread blocks). Calling
    /// it again does nothing.
    public func shutdown() async {
        release()
        guard let thread = takeThread() else { return }
        // Joining waits only for the loop's final turn: no transfer is waited for.
        await onOwnThread { _ = pthread_join(thread, nil) }
    }

    /// Tells the loop to stop and forgets the cancellation handler.
    private func release() {
        if let cancellation, let cancellationToken { cancellation.removeHandler(cancellationToken) }
        mailbox.postStop()
    }

    private func takeThread() -> pthread_t? {
        thread.withLock { thread in
            defer { thread = nil }
            return thread
        }
    }
}

/// One caller's transfer: its URL and the continuation to resume exactly once.
///
/// Three parties can reach a ticket, each on its own thread:
/// - the **caller task**, in `get`, installs the continuation and posts the ticket to the loop;
/// - the **cancel handler** (`withTaskCancellationHandler`'s `onCancel`, run by whoever cancels
///   the task) resumes the caller at once and asks the loop to drop the transfer;
/// - the **loop thread** (``TransferLoop``) resumes the caller with the response or the error.
///
/// Whoever takes the continuation out is the only one who resumes it; the lock makes that a
/// single winner.
final class Ticket: Sendable {
    private enum State {
        case created
        case waiting(CheckedContinuation<HTTPResponse, any Error>)
        case done
    }

    let url: String
    private let state = Mutex(State.created)

    init(url: String) {
        self.url = url
    }

    /// Stores the continuation; `false` if the task was cancelled before it got here.
    func install(_ continuation: CheckedContinuation<HTTPResponse, any Error>) -> Bool {
        state.withLock { state in
            guard case .created = state else { return false }
            state = .waiting(continuation)
            return true
        }
    }

    /// `true` while a caller waits for this ticket; `false` once it was resumed (by a cancel).
    var isWaiting: Bool {
        state.withLock { state in
            if case .waiting = state { return true }
            return false
        }
    }

    /// Takes the continuation to resume it with a result.
    func take() -> CheckedContinuation<HTTPResponse, any Error>? {
        state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done
            return continuation
        }
    }

    /// Marks the ticket cancelled, returning the continuation if it still has to be resumed.
    func cancel() -> CheckedContinuation<HTTPResponse, any Error>? {
        state.withLock { state in
            switch state {
            case .created:
                state = .done
                return nil
            case .waiting(let continuation):
                state = .done
                return continuation
            case .done:
                return nil
            }
        }
    }
}
