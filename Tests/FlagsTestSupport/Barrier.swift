import Dispatch
import Synchronization

/// Holds arriving threads until `count` of them are waiting, then lets them (and everyone after)
/// go: proof that `count` things really ran at the same time, without measuring time.
public final class Barrier: Sendable {
    public let count: Int
    private let state = Mutex((arrived: 0, open: false, tripped: false))
    private let gate = DispatchSemaphore(value: 0)

    public init(count: Int) {
        self.count = count
    }

    /// `true` once `count` arrivals were waiting at once.
    public var tripped: Bool { state.withLock { $0.tripped } }

    /// Waits for the others. After `timeout` without tripping the barrier opens for everyone
    /// (and `tripped` stays false, which is what a test then asserts).
    public func arriveAndWait(timeout: Duration = .seconds(300)) {
        let (mustWait, release) = state.withLock { state -> (Bool, Int) in
            if state.open { return (false, 0) }
            state.arrived += 1
            guard state.arrived == count else { return (true, 0) }
            state.open = true
            state.tripped = true
            return (false, count - 1)
        }
        for _ in 0..<release { gate.signal() }
        guard mustWait else { return }
        if gate.wait(timeout: .now() + .milliseconds(timeout.wholeMilliseconds)) == .timedOut {
            open()
        }
    }

    /// Lets everybody through from now on.
    public func open() {
        let waiting = state.withLock { state -> Int in
            guard !state.open else { return 0 }
            state.open = true
            return state.arrived
        }
        for _ in 0..<waiting { gate.signal() }
    }
}

extension Duration {
    fileprivate var wholeMilliseconds: Int {
        Int(components.seconds) * 1000 + Int(components.attoseconds / 1_000_000_000_000_000)
    }
}
