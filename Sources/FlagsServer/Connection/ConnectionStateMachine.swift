import NIOCore
import NIOHTTP1

/// What a ``ConnectionGuard`` decides, without its channel. It says which timeout applies, when a
/// connection is cut, refused or closed, and what ``ConnectionStats`` counts. The guard reports
/// each event (a read, a response's end, its timer, a signal) and does what the returned action
/// says. Every time comes in as a value, so tests drive the machine with a clock of their own.
///
/// Timeouts, by phase of the connection:
/// - idle (no response owed, no byte of a new request): cut `idleTimeout` after the phase began;
/// - reading a request (its first bytes arrived, its head or body not complete): cut
///   `headerTimeout` after the phase began;
/// - busy (a request read, its response not finished): no timeout. The lab's delays and stalls
///   are the server's own doing.
///
/// One timer at most is pending. A phase that must end sooner than the pending timer fires asks
/// for a new one (``arm(_:)``); a timer that fires early asks again. So a busy keep-alive
/// connection costs no timer per request.
///
/// An oversized request head is answered `431` once the responses before it are written. Then the
/// server closes its side and reads (and drops) until the client closes its own, for
/// ``lingerTime`` at most: closing with unread bytes would make the kernel send `RST`, which can
/// take the 431 with it (nginx's lingering close).
struct ConnectionStateMachine {
    /// How long to wait for the client's `FIN` after a 431.
    static let lingerTime = TimeAmount.seconds(1)

    let idleTimeout: TimeAmount
    let headerTimeout: TimeAmount
    private var state = State.new
    /// The deadline of the timer the guard has pending, if any.
    private var timer: NIODeadline?

    init(idleTimeout: TimeAmount, headerTimeout: TimeAmount) {
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
    }

    // MARK: States

    private enum State {
        /// The channel is not active yet: nothing is counted.
        case new
        /// Reading requests and answering them.
        case open(Open)
        /// The 431 is being written; no other response is owed.
        case refusing(Refusing)
        /// The 431 is written and our side closed: waiting for the client to close its side.
        case lingering(Lingering)
        /// A close was asked for: the connection is going away.
        case closing
        /// The channel is inactive.
        case closed
    }

    private struct Open {
        var phase: Phase
        /// Request heads read whose response has not ended.
        var owed = 0
        var client = Client.connected
        var ending = Ending.none
    }

    /// Where an open connection is in its requests; decides which timeout applies.
    private enum Phase {
        /// No response owed and no byte of a new request, since then.
        case idle(since: NIODeadline)
        /// Bytes of a request arrived while idle, then, and no whole head yet.
        case readingHead(since: NIODeadline)
        /// A head arrived in the read going on: its body, if it has one, is still coming.
        case headRead
        /// A head arrived, then, and its body is still coming.
        case readingBody(since: NIODeadline)
        /// The server owes responses and is not waiting for request bytes.
        case busy
        /// An oversized head arrived while responses were owed: the decoder reads no more, and a
        /// 431 follows those responses.
        case refusalOwed

        /// A head was read and its end not yet.
        var isReadingBody: Bool {
            switch self {
            case .headRead, .readingBody: true
            case .idle, .readingHead, .busy, .refusalOwed: false
            }
        }

        var isRefusalOwed: Bool {
            if case .refusalOwed = self { return true }
            return false
        }
    }

    /// Whether the client has closed its side (`FIN`).
    private enum Client {
        case connected
        case halfClosed
    }

    /// What the connection waits for to close, beyond its timeouts.
    private enum Ending {
        /// Nothing: it lives as long as its client uses it.
        case none
        /// A request will never be answered: close when the client closes its side or the
        /// server starts shutting down.
        case stalled
        /// The server is shutting down: close once no response is owed.
        case quiescing
    }

    private struct Refusing {
        /// The phase's limit when the head overflowed: a client that reads nothing cannot keep the
        /// connection by never letting the 431 out.
        var limit: Limit?
        var client: Client
    }

    private struct Lingering {
        var limit: Limit?
        /// When the connection is closed even if the client has not closed its side.
        let until: NIODeadline
    }

    /// A time the connection may last until, and what a cut at that time is counted as.
    private struct Limit {
        let deadline: NIODeadline
        let cut: Cut
    }

    /// Why a timer closed a connection.
    enum Cut: Equatable {
        /// It stayed idle longer than the idle timeout.
        case idle
        /// A request did not arrive whole within the header timeout.
        case header
    }

    /// A change to the server's connection counters.
    enum Count: Equatable {
        case opened
        case closed
        case cut(Cut)
        case refused

        func apply(to stats: inout ConnectionStats) {
            switch self {
            case .opened:
                stats.open += 1
                stats.accepted += 1
            case .closed: stats.open -= 1
            case .cut(.idle): stats.cutIdle += 1
            case .cut(.header): stats.cutHeader += 1
            case .refused: stats.headersTooLarge += 1
            }
        }
    }

    // MARK: Connection life

    enum ActiveAction: Equatable {
        case none
        /// Count the connection and arm the timer.
        case countAndArm(NIODeadline)

        var count: Count? {
            switch self {
            case .none: nil
            case .countAndArm: .opened
            }
        }
    }

    /// The channel became active (or the guard was added to an active one): the idle clock
    /// starts. Reported twice, it counts once.
    mutating func activated(now: NIODeadline) -> ActiveAction {
        guard case .new = state else { return .none }
        state = .open(Open(phase: .idle(since: now)))
        let deadline = now + idleTimeout
        timer = deadline
        return .countAndArm(deadline)
    }

    enum InactiveAction: Equatable {
        case none
        /// The connection was counted open: count it closed.
        case countClosed

        var count: Count? {
            switch self {
            case .none: nil
            case .countClosed: .closed
            }
        }
    }

    /// The channel became inactive. The guard also cancels its timer and tells its link.
    mutating func inactive() -> InactiveAction {
        defer {
            state = .closed
            timer = nil
        }
        switch state {
        case .new, .closed: return .none
        case .open, .refusing, .lingering, .closing: return .countClosed
        }
    }

    // MARK: Requests in, responses out

    /// A request's head was read.
    mutating func headRead() {
        guard case .open(var open) = state else { return }
        open.owed += 1
        open.phase = .headRead
        state = .open(open)
    }

    /// A request's end was read.
    mutating func endRead() {
        guard case .open(var open) = state else { return }
        switch open.phase {
        case .headRead, .readingBody: open.phase = .busy
        case .idle, .readingHead, .busy, .refusalOwed: break
        }
        state = .open(open)
    }

    enum ReadCompleteAction: Equatable {
        case none
        /// Cancel the pending timer, if any, and arm one for this deadline.
        case arm(NIODeadline)
        /// Close: the server is shutting down and owes nothing.
        case close
    }

    /// The bytes of one read were all passed on: a request left incomplete starts its clock.
    mutating func readComplete(now: NIODeadline) -> ReadCompleteAction {
        guard case .open(var open) = state else { return .none }
        switch open.phase {
        case .headRead:
            // A body is still coming: it gets the header timeout too.
            open.phase = .readingBody(since: now)
        case .idle:
            // Bytes arrived and made no whole head yet: the head's clock starts now.
            open.phase = .readingHead(since: now)
        case .busy where open.owed == 0:
            // A body ended after its response (a responder need not read the body): nothing is
            // owed, so the connection is idle from now, or closes if the server is stopping.
            if open.ending == .quiescing { return closing(.close) }
            open.phase = .idle(since: now)
        case .readingHead, .readingBody, .busy, .refusalOwed:
            return .none
        }
        state = .open(open)
        return arm(limit(of: open.phase)?.deadline).map { .arm($0) } ?? .none
    }

    enum ResponseEndAction: Equatable {
        /// Write the end.
        case write
        /// Write the end; the connection is idle: cancel the pending timer and arm this one.
        case writeAndArm(NIODeadline)
        /// Write the end, then the 431 (and report ``refusalWritten(now:)`` when it is written).
        case writeAndRefuse
        /// Write and flush the end, then close: the server is shutting down.
        case writeFlushAndClose
    }

    /// A response's end is being written.
    mutating func responseEnd(now: NIODeadline) -> ResponseEndAction {
        guard case .open(var open) = state, open.owed > 0 else { return .write }
        open.owed -= 1
        if open.owed > 0 || open.phase.isReadingBody {
            state = .open(open)
            return .write
        }
        if open.phase.isRefusalOwed {
            state = .refusing(Refusing(limit: nil, client: open.client))
            return .writeAndRefuse
        }
        if open.ending == .quiescing { return closing(.writeFlushAndClose) }
        open.phase = .idle(since: now)
        state = .open(open)
        return arm(limit(of: open.phase)?.deadline).map { .writeAndArm($0) } ?? .write
    }

    // MARK: Errors, events, signals

    enum ErrorAction: Equatable {
        /// Pass the error on.
        case forward
        /// Drop it: it concerns bytes of a connection being refused or closed.
        case drop
        /// A head was too large: count it and answer 431 now (then report
        /// ``refusalWritten(now:)``).
        case countAndRefuse
        /// A head was too large: count it; the 431 follows the responses owed.
        case countRefusal

        var count: Count? {
            switch self {
            case .forward, .drop: nil
            case .countAndRefuse, .countRefusal: .refused
            }
        }
    }

    /// An error came up the pipeline.
    mutating func errorCaught(_ error: any Error) -> ErrorAction {
        if let error = error as? HTTPParserError, error == .headerOverflow {
            // One 431 per connection: the decoder reads nothing after the first overflow.
            guard case .open(var open) = state, !open.phase.isRefusalOwed else { return .drop }
            if open.owed > 0 {
                open.phase = .refusalOwed
                state = .open(open)
                return .countRefusal
            }
            state = .refusing(Refusing(limit: limit(of: open.phase), client: open.client))
            return .countAndRefuse
        }
        guard error is ByteToMessageDecoderError else { return .forward }
        // Bytes that followed the oversized head: the connection is closing anyway.
        switch state {
        case .open(let open): return open.phase.isRefusalOwed ? .drop : .forward
        case .refusing, .lingering, .closing: return .drop
        case .new, .closed: return .forward
        }
    }

    enum CloseAction: Equatable {
        case none
        case close
    }

    /// The client closed its side (`FIN`). The guard also tells its link, which ends any hold.
    mutating func inputClosed() -> CloseAction {
        switch state {
        case .open(var open):
            if open.ending == .stalled { return closing(.close) }
            open.client = .halfClosed
            state = .open(open)
        case .refusing(var refusing):
            refusing.client = .halfClosed
            state = .refusing(refusing)
        case .lingering:
            return closing(.close)
        case .new, .closing, .closed:
            break
        }
        return .none
    }

    /// The server started shutting down (`ChannelShouldQuiesceEvent`).
    mutating func quiesce() -> CloseAction {
        switch state {
        case .open(var open):
            if open.owed == 0 || open.ending == .stalled { return closing(.close) }
            open.ending = .quiescing
            state = .open(open)
            return .none
        case .refusing, .lingering:
            return closing(.close)
        case .new, .closing, .closed:
            return .none
        }
    }

    /// A request will never be answered (``ConnectionSignal/stall``).
    mutating func stall() -> CloseAction {
        guard case .open(var open) = state else { return .none }
        if open.client == .halfClosed || open.ending == .quiescing { return closing(.close) }
        open.ending = .stalled
        state = .open(open)
        return .none
    }

    // MARK: Timer and refusal

    enum TimerFiredAction: Equatable {
        case none
        /// Arm the timer again, for this deadline.
        case arm(NIODeadline)
        /// Count the cut and close.
        case cut(Cut)
        /// Close: the linger after a 431 is over.
        case close

        var count: Count? {
            if case .cut(let cut) = self { return .cut(cut) }
            return nil
        }
    }

    /// The pending timer fired.
    mutating func timerFired(now: NIODeadline) -> TimerFiredAction {
        timer = nil
        let limit: Limit?
        var until: NIODeadline?
        switch state {
        case .open(let open): limit = self.limit(of: open.phase)
        case .refusing(let refusing): limit = refusing.limit
        case .lingering(let lingering): (limit, until) = (lingering.limit, lingering.until)
        case .new, .closing, .closed: return .none
        }
        if let limit, now >= limit.deadline {
            return closing(.cut(limit.cut))
        }
        if let until, now >= until { return closing(.close) }
        let next = [limit?.deadline, until].compactMap { $0 }.min()
        return arm(next).map { .arm($0) } ?? .none
    }

    enum RefusalWrittenAction: Equatable {
        case none
        case close
        /// Close our side of the connection, keep reading; arm the timer for this deadline if
        /// one is given.
        case closeOutput(arm: NIODeadline?)
    }

    /// The 431's write completed (or failed).
    mutating func refusalWritten(now: NIODeadline) -> RefusalWrittenAction {
        guard case .refusing(let refusing) = state else { return .none }
        if refusing.client == .halfClosed { return closing(.close) }
        let lingering = Lingering(limit: refusing.limit, until: now + Self.lingerTime)
        state = .lingering(lingering)
        return .closeOutput(arm: arm(min(lingering.until, refusing.limit?.deadline ?? .distantFuture)))
    }

    // MARK: Helpers

    /// The time `phase` may last until, or `nil` when it has no limit.
    private func limit(of phase: Phase) -> Limit? {
        switch phase {
        case .idle(let since): Limit(deadline: since + idleTimeout, cut: .idle)
        case .readingHead(let since), .readingBody(let since):
            Limit(deadline: since + headerTimeout, cut: .header)
        case .headRead, .busy, .refusalOwed: nil
        }
    }

    /// The deadline for a new timer, when a timer must fire by `deadline` and none pending fires
    /// as soon.
    private mutating func arm(_ deadline: NIODeadline?) -> NIODeadline? {
        guard let deadline, timer.map({ deadline < $0 }) ?? true else { return nil }
        timer = deadline
        return deadline
    }

    /// Returns `action`, a close: from now on the connection is going away.
    private mutating func closing<Action>(_ action: Action) -> Action {
        state = .closing
        return action
    }
}
