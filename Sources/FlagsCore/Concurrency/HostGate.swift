import Synchronization

/// Honours `Retry-After` for the whole host: once a response says "wait", no new request to the
/// server starts before that moment, whichever worker or task sends it.
final class HostGate: Sendable {
    private let reopensAt = Mutex<ContinuousClock.Instant?>(nil)

    public init() {}

    /// Closes the gate for `delay` from now (never shortens an earlier, longer wait).
    ///
    /// `delay` should already be bounded (`RetryAfter.decide`); it is clamped to between zero and
    /// a day here as well, so that no value makes the instant arithmetic overflow.
    func postpone(by delay: Duration) {
        let until = ContinuousClock.now.advanced(by: min(max(delay, .zero), Self.longestDelay))
        reopensAt.withLock { current in
            if current.map({ $0 < until }) ?? true { current = until }
        }
    }

    /// The longest the gate ever stays closed.
    static let longestDelay = Duration.seconds(86_400)

    /// When the next request may start, or `nil` when it may start now.
    var opensAt: ContinuousClock.Instant? {
        reopensAt.withLock { $0.flatMap { $0 > .now ? $0 : nil } }
    }
}
