import Dispatch
import Synchronization

/// The eventual result of work submitted to a `ThreadPoolExecutor`, like Python's
/// `concurrent.futures.Future`: pending, then running, then finished (or cancelled while pending).
public final class Future<Value: Sendable>: Sendable, Hashable, CustomStringConvertible {
    private enum State {
        case pending
        case running
        case finished(Result<Value, any Error>)
        case cancelled
    }

    /// A number for display, in submission order.
    public let serial: Int
    private let state = Mutex<(state: State, callbacks: [@Sendable (Future<Value>) -> Void])>((.pending, []))
    /// Signalled once, when the future resolves; `result()` waits on it.
    private let resolved = DispatchSemaphore(value: 0)

    init(serial: Int) {
        self.serial = serial
    }

    /// `true` once finished or cancelled.
    public var isDone: Bool {
        state.withLock {
            switch $0.state {
            case .pending, .running: false
            case .finished, .cancelled: true
            }
        }
    }

    public var isCancelled: Bool {
        state.withLock {
            if case .cancelled = $0.state { return true }
            return false
        }
    }

    /// Cancels the work if it has not started yet.
    ///
    /// - Returns: `true` if the future is now cancelled; `false` if it is running or finished.
    @discardableResult
    public func cancel() -> Bool {
        let callbacks: [@Sendable (Future<Value>) -> Void]? = state.withLock { box in
            switch box.state {
            case .pending:
                box.state = .cancelled
                defer { box.callbacks = [] }
                return box.callbacks
            case .cancelled: return []
            case .running, .finished: return nil
            }
        }
        guard let callbacks else { return false }
        resolve(callbacks)
        return true
    }

    /// Waits for the work to finish and returns its value.
    ///
    /// - Throws: what the work threw, or `CancellationError` if the future was cancelled.
    public func result() throws -> Value {
        resolved.wait()
        resolved.signal()  // leave it open for other waiters
        return try state.withLock { box in
            switch box.state {
            case .finished(let result): return try result.get()
            case .cancelled: throw CancellationError()
            case .pending, .running: preconditionFailure("a resolved future is finished or cancelled")
            }
        }
    }

    /// Calls `callback` (on the thread that resolves the future, or now if it is done).
    public func addDoneCallback(_ callback: @escaping @Sendable (Future<Value>) -> Void) {
        let runNow = state.withLock { box in
            switch box.state {
            case .pending, .running:
                box.callbacks.append(callback)
                return false
            case .finished, .cancelled:
                return true
            }
        }
        if runNow { callback(self) }
    }

    /// Moves a pending future to running; `false` if it was cancelled meanwhile.
    func start() -> Bool {
        state.withLock { box in
            guard case .pending = box.state else { return false }
            box.state = .running
            return true
        }
    }

    func finish(_ result: Result<Value, any Error>) {
        let callbacks = state.withLock { box in
            box.state = .finished(result)
            defer { box.callbacks = [] }
            return box.callbacks
        }
        resolve(callbacks)
    }

    private func resolve(_ callbacks: [@Sendable (Future<Value>) -> Void]) {
        resolved.signal()
        for callback in callbacks { callback(self) }
    }

    /// Like Python's repr: `<Future #3 state=pending>`, `<Future #3 state=finished returned FlagResult>`.
    public var description: String {
        let detail = state.withLock { box in
            switch box.state {
            case .pending: "state=pending"
            case .running: "state=running"
            case .cancelled: "state=cancelled"
            case .finished(.success): "state=finished returned \(Value.self)"
            case .finished(.failure(let error)): "state=finished raised \(type(of: error))"
            }
        }
        return "<Future #\(serial) \(detail)>"
    }

    public static func == (lhs: Future, rhs: Future) -> Bool { lhs === rhs }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(self))
    }
}

/// Yields `futures` as they finish, in completion order, like Python's `as_completed`. Iterating
/// blocks the calling thread until the next one is done.
public func asCompleted<Value>(_ futures: some Collection<Future<Value>>) -> AsCompleted<Value> {
    AsCompleted(futures)
}

/// The sequence returned by `asCompleted(_:)`.
public struct AsCompleted<Value: Sendable>: Sequence, IteratorProtocol {
    private final class Channel: Sendable {
        let done = Mutex<[Future<Value>]>([])
        let available = DispatchSemaphore(value: 0)
    }

    private let channel = Channel()
    private let total: Int
    private var yielded = 0

    init(_ futures: some Collection<Future<Value>>) {
        total = futures.count
        let channel = self.channel
        for future in futures {
            future.addDoneCallback { future in
                channel.done.withLock { $0.append(future) }
                channel.available.signal()
            }
        }
    }

    public mutating func next() -> Future<Value>? {
        guard yielded < total else { return nil }
        channel.available.wait()
        yielded += 1
        return channel.done.withLock { $0.removeFirst() }
    }
}
