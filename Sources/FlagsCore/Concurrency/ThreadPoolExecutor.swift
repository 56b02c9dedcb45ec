import Dispatch
import Synchronization

/// A fixed pool of worker threads with futures, like Python's `ThreadPoolExecutor`, built on
/// Dispatch.
///
/// Each worker is a block on its own serial `DispatchQueue` that stays on its thread for the
/// pool's whole life, taking work from a shared FIFO. On Linux, libdispatch gives blocking work on
/// a shared concurrent queue only a handful of threads; one serial queue per worker gets one
/// thread each, up to libdispatch's own limit (255 measured here). The pool counts the workers
/// that really started, so `workers` is the concurrency delivered, not the one asked for.
///
/// Each worker makes its own `Context` (a libcurl client, say) on its own thread and is the only
/// one to use it: nothing in a context is ever shared between threads.
public final class ThreadPoolExecutor<Context>: Sendable {
    /// The number of workers asked for.
    let requestedWorkers: Int
    /// The number of workers that started and take work: the pool's real concurrency.
    public let workers: Int
    /// Why no worker could start, when none did (the context could not be made).
    let startupError: (any Error)?

    private let board = JobBoard<Context>()
    /// Every worker block, started or not; `shutdown()` waits for all of them.
    private let blocks = DispatchGroup()
    private let serials = Atomic<Int>(0)
    private let shutDown = Atomic<Bool>(false)

    /// Starts `maxWorkers` workers and waits until they are running (or until no more start).
    ///
    /// - Parameters:
    ///   - maxWorkers: how many workers to start; at least 1.
    ///   - label: prefix of the workers' queue labels, seen in debuggers.
    ///   - startupGrace: beyond the first `Admission.surelyGranted` workers, how long at least to
    ///     wait for one more to start before concluding that the system will not give more
    ///     threads (longer when the first ones were slower to start).
    ///   - initializer: makes a worker's private context, on the worker's own thread, before it
    ///     takes any work (Python's `initializer=`, which returns the context here instead of
    ///     storing it in a thread-local).
    public init(
        maxWorkers: Int,
        label: String = "flags.pool",
        startupGrace: Duration = .milliseconds(150),
        initializer makeContext: @escaping @Sendable () throws -> Context
    ) {
        precondition(maxWorkers >= 1, "a pool needs at least one worker")
        requestedWorkers = maxWorkers
        let admission = Admission()
        let board = self.board
        for index in 0..<maxWorkers {
            let workerQueue = DispatchQueue(label: "\(label).worker-\(index)")
            workerQueue.async(group: blocks) {
                let context: Context
                do {
                    context = try makeContext()
                } catch {
                    admission.fail(error)
                    return
                }
                guard admission.admit() else { return }  // started too late: the pool is sized
                board.work(with: context)
            }
        }
        (workers, startupError) = admission.close(expecting: maxWorkers, grace: startupGrace)
    }

    /// Schedules `work` and returns its future at once.
    public func submit<Value: Sendable>(
        _ work: @escaping @Sendable (Context) throws -> Value
    ) -> Future<Value> {
        let future = Future<Value>(serial: serials.add(1, ordering: .relaxed).newValue)
        if workers == 0 {
            future.finish(.failure(startupError ?? CancellationError()))
            return future
        }
        let job = JobBoard<Context>.Job(
            run: { context in
                guard future.start() else { return }  // cancelled while it waited
                future.finish(Result { try work(context) })
            },
            cancel: { future.cancel() }
        )
        let accepted = board.post(job)
        if !accepted { future.finish(.failure(CancellationError())) }
        return future
    }

    /// Runs `work` for every item and returns the results in submission order, like Python's
    /// `Executor.map`; iterating waits for each in turn.
    public func map<Item: Sendable, Value: Sendable>(
        _ items: some Sequence<Item>,
        _ work: @escaping @Sendable (Context, Item) throws -> Value
    ) -> LazyMapSequence<[Future<Value>], Result<Value, any Error>> {
        let futures = items.map { item in submit { context in try work(context, item) } }
        return futures.lazy.map { future in Result { try future.result() } }
    }

    /// Cancels every future whose work has not started, like Python's
    /// `shutdown(cancel_futures=True)`; running work is not interrupted here.
    public func cancelPending() {
        board.cancelQueued()
    }

    /// Stops the workers once the queued work is done and waits until every worker block has
    /// returned, so no pool code runs after it and every context is released. Idempotent.
    public func shutdown() {
        guard !shutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        board.close(workers: workers)
        blocks.wait()
    }

    /// Says so when the system gave fewer threads than asked for; `nil` when it gave them all.
    public var shortfall: String? {
        guard workers < requestedWorkers else { return nil }
        return "asked for \(requestedWorkers) workers, but only \(workers) threads started "
            + "(libdispatch's limit for blocking work on this system); running with \(workers)."
    }

    deinit {
        shutdown()
    }
}

/// Runs `body` with a pool of `maxWorkers` workers, and shuts the pool down when `body` returns or
/// throws: Python's `with ThreadPoolExecutor(max_workers) as executor:`, whose `__exit__` calls
/// `shutdown(wait=True)`.
///
/// When this returns, the work submitted in `body` has finished, every worker has returned and
/// dropped its context, and the pool refuses new work (its futures fail with `CancellationError`),
/// even if `body` let the executor escape.
///
/// - Parameters:
///   - maxWorkers: how many workers to start; at least 1.
///   - initializer: makes a worker's private context, on the worker's own thread.
///   - body: uses the pool.
/// - Returns: what `body` returns.
/// - Throws: what `body` throws, once the pool is shut down.
public func withThreadPool<Context, Value>(
    maxWorkers: Int,
    label: String = "flags.pool",
    initializer: @escaping @Sendable () throws -> Context,
    _ body: (ThreadPoolExecutor<Context>) throws -> Value
) rethrows -> Value {
    let executor = ThreadPoolExecutor(maxWorkers: maxWorkers, label: label, initializer: initializer)
    defer { executor.shutdown() }
    return try body(executor)
}

/// The shared FIFO of jobs the workers take from.
private final class JobBoard<Context>: Sendable {
    struct Job: Sendable {
        let run: @Sendable (Context) -> Void
        /// Cancels the job's future if it has not started.
        let cancel: @Sendable () -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        var head = 0
        var closed = false

        mutating func pop() -> Job? {
            guard head < jobs.count else { return nil }
            defer {
                head += 1
                if head == jobs.count {
                    jobs.removeAll(keepingCapacity: true)
                    head = 0
                }
            }
            return jobs[head]
        }
    }

    private let queue = Mutex(Queue())
    /// One signal per job, plus one per worker at shutdown: a worker that wakes to an empty,
    /// closed queue leaves.
    private let available = DispatchSemaphore(value: 0)

    /// Queues a job; `false` once the board is closed.
    func post(_ job: Job) -> Bool {
        let accepted = queue.withLock { queue in
            guard !queue.closed else { return false }
            queue.jobs.append(job)
            return true
        }
        if accepted { available.signal() }
        return accepted
    }

    /// Lets `workers` workers leave once the queued jobs are taken.
    func close(workers: Int) {
        queue.withLock { $0.closed = true }
        for _ in 0..<workers { available.signal() }
    }

    /// A worker's life: take the next job, run it, until the board is closed and empty.
    func work(with context: Context) {
        while true {
            available.wait()
            guard let job = queue.withLock({ $0.pop() }) else { return }
            job.run(context)
        }
    }

    /// Cancels the futures of every job not yet taken; workers skip them.
    func cancelQueued() {
        let queued = queue.withLock { queue in Array(queue.jobs[queue.head...]) }
        for job in queued { job.cancel() }
    }
}

/// Counts the workers that start while the pool is being sized, then closes the door.
final class Admission: Sendable {
    private let state = Mutex((open: true, admitted: 0, error: (any Error)?.none))
    private let arrivals = DispatchSemaphore(value: 0)

    /// Lets a freshly started worker in; `false` once the pool has been sized.
    func admit() -> Bool {
        let admitted = state.withLock { state in
            guard state.open else { return false }
            state.admitted += 1
            return true
        }
        if admitted { arrivals.signal() }
        return admitted
    }

    func fail(_ error: any Error) {
        state.withLock { $0.error = $0.error ?? error }
        arrivals.signal()
    }

    /// How long to wait for one more worker beyond `surelyGranted`: `grace`, or four times the
    /// longest wait for an arrival so far when that is longer (capped at ten seconds), so that on a
    /// machine slow to start threads a late worker is not taken for a missing one. Never below
    /// zero nor above a minute, whatever grace was asked for.
    static func patience(grace: Duration, slowestArrival: Duration) -> Duration {
        let paced = min(slowestArrival * 4, .seconds(10))
        return max(.zero, min(max(grace, paced), .seconds(60)))
    }

    /// Libdispatch on Linux gives serial queues a thread each up to a limit of its own (255
    /// measured here); a pool this size or smaller is always far inside it.
    static let surelyGranted = 128

    /// Waits until `expected` workers arrived, or until it is clear that no more will.
    ///
    /// Up to `surelyGranted` workers, each may take up to ten seconds to arrive: libdispatch will
    /// give them a thread, and on a busy machine a new thread can wait long for a core, so a short
    /// wait would size the pool by the scheduler's mood. Beyond that, the system's limit may have
    /// been reached, and libdispatch gives no sign of it but silence: the wait for one more is
    /// ``patience(grace:slowestArrival:)``, measured against the pace this machine has shown.
    ///
    /// - Returns: the workers admitted, and the first startup error if none was.
    func close(expecting expected: Int, grace: Duration) -> (Int, (any Error)?) {
        var arrived = 0
        var slowest = Duration.zero
        var last = ContinuousClock.now
        while arrived < expected {
            let wait =
                arrived < Self.surelyGranted
                ? .seconds(10) : Self.patience(grace: grace, slowestArrival: slowest)
            guard arrivals.wait(timeout: .now() + .milliseconds(wait.wholeMilliseconds)) == .success else {
                break
            }
            let now = ContinuousClock.now
            slowest = max(slowest, last.duration(to: now))
            last = now
            arrived += 1
        }
        return state.withLock { state in
            state.open = false
            return (state.admitted, state.admitted == 0 ? state.error : nil)
        }
    }
}
