import Synchronization

/// Counts transfers in flight, and remembers the most there ever were at once.
///
/// The clients call `enter()` just before a transfer starts and `leave()` when it ends, so
/// `maximum` is the concurrency a strategy delivered, not the one it was asked for.
public final class InFlightGauge: Sendable {
    private let counts = Mutex((current: 0, maximum: 0))

    public init() {}

    func enter() {
        counts.withLock { counts in
            counts.current += 1
            counts.maximum = max(counts.maximum, counts.current)
        }
    }

    public func leave() {
        counts.withLock { $0.current -= 1 }
    }

    public var current: Int { counts.withLock { $0.current } }

    public var maximum: Int { counts.withLock { $0.maximum } }
}
