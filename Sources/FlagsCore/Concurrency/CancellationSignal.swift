import Foundation
import Synchronization

/// A one-way switch that stops a run: set by Ctrl-C or a deadline, read by every strategy.
///
/// Threads check `isCancelled` (a relaxed atomic load, cheap enough for curl's progress
/// callback), sleep on it with `sleep(until:)` (woken at once when it fires), or register a handler
/// with `onCancel`.
public final class CancellationSignal: Sendable {
    /// Why the run was stopped.
    public enum Reason: Sendable, Equatable {
        case interrupted
        case deadline
    }

    private struct State {
        var reason: Reason?
        var handlers: [Int: @Sendable (Reason) -> Void] = [:]
        var nextToken = 0
    }

    private let cancelled = Atomic<Bool>(false)
    private let state = Mutex(State())
    /// Wakes threads blocked in `sleep(until:)`. NSCondition is documented thread-safe.
    private let condition = NSCondition()

    public init() {}

    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    public var reason: Reason? { state.withLock { $0.reason } }

    /// Fires the signal; only the first call has an effect.
    public func cancel(_ reason: Reason) {
        let handlers: [@Sendable (Reason) -> Void]? = state.withLock { state in
            guard state.reason == nil else { return nil }
            state.reason = reason
            let handlers = Array(state.handlers.values)
            state.handlers = [:]
            return handlers
        }
        guard let handlers else { return }
        cancelled.store(true, ordering: .releasing)
        condition.lock()
        condition.broadcast()
        condition.unlock()
        for handler in handlers { handler(reason) }
    }

    /// Runs `handler` once when the signal fires, or now if it already has.
    ///
    /// - Returns: a token for `removeHandler`.
    @discardableResult
    func onCancel(_ handler: @escaping @Sendable (Reason) -> Void) -> Int {
        let (token, firedReason): (Int, Reason?) = state.withLock { state in
            if let reason = state.reason { return (-1, reason) }
            let token = state.nextToken
            state.nextToken += 1
            state.handlers[token] = handler
            return (token, nil)
        }
        if let firedReason { handler(firedReason) }
        return token
    }

    func removeHandler(_ token: Int) {
        _ = state.withLock { $0.handlers.removeValue(forKey: token) }
    }

    /// Blocks the calling thread until `deadline` or until the signal fires.
    ///
    /// - Returns: `false` if the signal fired.
    func sleep(until deadline: ContinuousClock.Instant) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !isCancelled {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return true }
            _ = condition.wait(until: Date(timeIntervalSinceNow: remaining.seconds))
        }
        return false
    }
}
