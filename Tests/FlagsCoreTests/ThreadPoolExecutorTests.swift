import Dispatch
import FlagsCore
import FlagsShared
import FlagsTestSupport
import Synchronization
import Testing

/// A context that counts how many exist, to show the pool releases every one.
private final class Probe {
    static let alive = Mutex(0)
    let worker: Int

    init(worker: Int) {
        self.worker = worker
        Self.alive.withLock { $0 += 1 }
    }

    deinit {
        Self.alive.withLock { $0 -= 1 }
    }
}

private struct Boom: Error, Equatable {}

/// Counts work running at once.
private final class Concurrency: Sendable {
    private let counts = Mutex((now: 0, max: 0))

    func around<T>(_ body: () throws -> T) rethrows -> T {
        counts.withLock {
            $0.now += 1
            $0.max = max($0.max, $0.now)
        }
        defer { counts.withLock { $0.now -= 1 } }
        return try body()
    }

    var maximum: Int { counts.withLock { $0.max } }
}

@Suite(.serialized) struct ThreadPoolExecutorTests {
    @Test(arguments: [1, 7, 20, 100])
    func runsExactlyWWorkersAtOnceNeverMore(workers: Int) async throws {
        try await onOwnThread { () throws in
            let barrier = Barrier(count: workers)
            let concurrency = Concurrency()
            let pool = ThreadPoolExecutor(maxWorkers: workers) { () }
            #expect(pool.workers == workers)
            let futures = (0..<(workers * 3)).map { index in
                pool.submit { _ in
                    concurrency.around {
                        barrier.arriveAndWait()
                        return index
                    }
                }
            }
            #expect(try futures.map { try $0.result() } == Array(0..<(workers * 3)))
            pool.shutdown()
            #expect(barrier.tripped, "W = \(workers) transfers never ran at the same time")
            #expect(concurrency.maximum == workers)
        }
    }

    @Test func everySubmittedItemYieldsExactlyOneResult() async throws {
        try await onOwnThread { () throws in
            let pool = ThreadPoolExecutor(maxWorkers: 8) { () }
            let runs = Mutex([Int: Int]())
            let futures = (0..<500).map { index in
                pool.submit { _ in
                    runs.withLock { $0[index, default: 0] += 1 }
                    return index * 2
                }
            }
            let completed = Array(asCompleted(futures))
            pool.shutdown()
            #expect(completed.count == 500)
            #expect(Set(completed).count == 500)
            #expect(Set(try completed.map { try $0.result() }) == Set((0..<500).map { $0 * 2 }))
            #expect(runs.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<500).map { ($0, 1) }))
        }
    }

    @Test func aFailingItemFailsOnlyItsOwnFuture() async throws {
        try await onOwnThread { () throws in
            let pool = ThreadPoolExecutor(maxWorkers: 4) { () }
            let futures = (0..<20).map { index in
                pool.submit { _ -> Int in
                    if index == 7 { throw Boom() }
                    return index
                }
            }
            for (index, future) in futures.enumerated() {
                if index == 7 {
                    #expect(throws: Boom.self) { try future.result() }
                } else {
                    #expect(try future.result() == index)
                }
            }
            pool.shutdown()
        }
    }

    @Test func asCompletedYieldsInCompletionOrderNotSubmissionOrder() async throws {
        try await onOwnThread { () throws in
            let pool = ThreadPoolExecutor(maxWorkers: 3) { () }
            // Nothing finishes before `go`; then item 2 finishes first, 0 after it, 1 last. Each
            // item waits until its predecessor's future is done, not merely its work.
            let go = DispatchSemaphore(value: 0)
            let done = (0..<3).map { _ in DispatchSemaphore(value: 0) }
            let predecessor = [0: 2, 1: 0]
            let futures = (0..<3).map { index in
                pool.submit { _ -> Int in
                    if let before = predecessor[index] { done[before].wait() } else { go.wait() }
                    return index
                }
            }
            // asCompleted first: a future's callbacks run in the order they were added, so each one
            // is in the completion queue before its successor is released.
            let completed = asCompleted(futures)
            for (index, future) in futures.enumerated() {
                future.addDoneCallback { _ in done[index].signal() }
            }
            go.signal()
            let finished = try completed.map { try $0.result() }
            #expect(finished == [2, 0, 1])
            let mapped = pool.map([5, 1, 3]) { _, value in value * 10 }
            #expect(try mapped.map { try $0.get() } == [50, 10, 30])
            pool.shutdown()
        }
    }

    @Test func eachWorkerUsesOnlyItsOwnContext() async throws {
        try await onOwnThread { () throws in
            let serial = Atomic<Int>(0)
            let pool = ThreadPoolExecutor(maxWorkers: 6) {
                Probe(worker: serial.add(1, ordering: .relaxed).newValue)
            }
            let barrier = Barrier(count: 6)
            let seen = (0..<6).map { _ in
                pool.submit { probe -> Int in
                    barrier.arriveAndWait()
                    return probe.worker
                }
            }
            #expect(Set(try seen.map { try $0.result() }).count == 6)
            pool.shutdown()
        }
    }

    @Test func noWorkerOrContextOutlivesThePool() async throws {
        try await onOwnThread { () throws in
            let before = Probe.alive.withLock { $0 }
            let running = Atomic<Int>(0)
            let pool = ThreadPoolExecutor(maxWorkers: 16) { Probe(worker: 0) }
            #expect(Probe.alive.withLock { $0 } == before + 16)
            let futures = (0..<64).map { index in
                pool.submit { _ in
                    running.add(1, ordering: .relaxed)
                    defer { running.subtract(1, ordering: .relaxed) }
                    return index
                }
            }
            pool.shutdown()
            #expect(futures.allSatisfy { $0.isDone })
            #expect(running.load(ordering: .relaxed) == 0)
            // Every worker has returned and dropped its context (its libcurl client, in flags-pool).
            #expect(Probe.alive.withLock { $0 } == before)
            #expect(pool.submit { _ in 1 }.isCancelled == false)
            #expect(throws: CancellationError.self) { try pool.submit { _ in 1 }.result() }
        }
    }

    @Test func cancelPendingCancelsOnlyWhatHasNotStarted() async throws {
        try await onOwnThread { () throws in
            let pool = ThreadPoolExecutor(maxWorkers: 2) { () }
            let release = DispatchSemaphore(value: 0)
            let started = DispatchSemaphore(value: 0)
            let running = (0..<2).map { _ in
                pool.submit { _ -> Int in
                    started.signal()
                    release.wait()
                    return 1
                }
            }
            started.wait()
            started.wait()
            let waiting = (0..<10).map { _ in pool.submit { _ in 2 } }
            #expect(waiting.allSatisfy { !$0.isDone })
            pool.cancelPending()
            #expect(waiting.allSatisfy { $0.isCancelled })
            release.signal()
            release.signal()
            #expect(try running.map { try $0.result() } == [1, 1])
            pool.shutdown()
            #expect(!running.contains { $0.isCancelled })
        }
    }

    @Test func futuresDescribeThemselvesLikePythons() async throws {
        try await onOwnThread { () throws in
            let pool = ThreadPoolExecutor(maxWorkers: 1) { () }
            let hold = DispatchSemaphore(value: 0)
            let first = pool.submit { _ in hold.wait() }
            let second = pool.submit { _ in "done" }
            #expect(second.description.hasSuffix("state=pending>"))
            hold.signal()
            _ = try second.result()
            #expect(second.description.hasSuffix("state=finished returned String>"))
            _ = try first.result()
            pool.shutdown()
        }
    }

    /// A grace no one would choose is bounded, not converted to milliseconds with a trap. The
    /// grace only counts beyond the first 128 workers, which the pool always waits for.
    @Test(arguments: [Duration.seconds(Int64.max), .seconds(-1)])
    func anyStartupGraceStartsThePool(grace: Duration) async throws {
        let workers = await onOwnThread {
            let executor = ThreadPoolExecutor(maxWorkers: 130, startupGrace: grace) { 0 }
            defer { executor.shutdown() }
            return executor.workers
        }
        #expect((128...130).contains(workers))
    }
}
