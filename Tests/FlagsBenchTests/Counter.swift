import Synchronization

/// A count that a server's script (on its own threads) bumps and a test reads.
final class Counter: Sendable {
    private let count = Mutex(0)

    func increment() {
        count.withLock { $0 += 1 }
    }

    var value: Int { count.withLock { $0 } }
}
