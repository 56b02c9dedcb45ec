import Dispatch
import FlagsCore
import FlagsServer
import FlagsShared
import FlagsTestSupport
import Synchronization
import Testing

/// `withThreadPool` is Python's `with ThreadPoolExecutor() as executor:`: however the block ends,
/// the pool is shut down before the call returns.
@Suite struct ScopedPoolTests {
    /// A worker's context that counts how many are alive, in a count of the test's own.
    private final class Token: Sendable {
        let witness: Witness

        init(_ witness: Witness) {
            self.witness = witness
            witness.alive.add(1, ordering: .relaxed)
        }

        deinit { witness.alive.subtract(1, ordering: .relaxed) }
    }

    private struct Boom: Error {}

    /// The scope's jobs, the contexts alive during and after it, and the escaped executor.
    private final class Witness: Sendable {
        let alive = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let aliveInside = Atomic<Int>(0)
        let escaped = Mutex<ThreadPoolExecutor<Token>?>(nil)
    }

    /// Fills a 4-worker pool with 20 jobs that start only once every worker is up, then ends the
    /// block with `end`: at that moment most jobs are still queued.
    private static func runScope(_ witness: Witness, end: () throws -> Int) throws -> Int {
        @Sendable func makeToken() -> Token { Token(witness) }
        return try withThreadPool(maxWorkers: 4, initializer: makeToken) { executor in
            witness.escaped.withLock { $0 = executor }
            witness.aliveInside.store(witness.alive.load(ordering: .relaxed), ordering: .relaxed)
            let barrier = Barrier(count: 4)
            for _ in 0..<20 {
                _ = executor.submit { _ in
                    barrier.arriveAndWait()
                    witness.finished.add(1, ordering: .relaxed)
                }
            }
            return try end()
        }
    }

    /// What is true once the scope has ended.
    private struct After: Sendable {
        var aliveInside: Int
        var finished: Int
        var alive: Int
        var lateRefusedAtOnce: Bool
        var lateFailedWithCancellation: Bool

        init(_ witness: Witness) throws {
            aliveInside = witness.aliveInside.load(ordering: .relaxed)
            finished = witness.finished.load(ordering: .relaxed)
            alive = witness.alive.load(ordering: .relaxed)
            let executor = try #require(witness.escaped.withLock { $0 })
            let late = executor.submit { _ in 1 }
            lateRefusedAtOnce = late.isDone
            do {
                _ = try late.result()
                lateFailedWithCancellation = false
            } catch {
                lateFailedWithCancellation = error is CancellationError
            }
        }

        /// Every job submitted in the scope ran (shutdown waits, as `shutdown(wait=True)`), every
        /// worker returned and dropped its context, and the pool refuses new work.
        func expectShutDown() {
            #expect(aliveInside == 4, "four workers made their contexts")
            #expect(finished == 20, "the queued work ran before the scope ended")
            #expect(alive == 0, "every worker joined, every context released")
            #expect(lateRefusedAtOnce, "a later submit is refused at once, not queued")
            #expect(lateFailedWithCancellation)
        }
    }

    @Test func aThrowInsideStillShutsThePoolDown() async throws {
        let (threw, after) = try await onOwnThread {
            let witness = Witness()
            let threw: Bool
            do {
                _ = try Self.runScope(witness) { throw Boom() }
                threw = false
            } catch {
                threw = error is Boom
            }
            return (threw, try After(witness))
        }
        #expect(threw, "the body's error comes out")
        after.expectShutDown()
    }

    @Test func aNormalExitShutsThePoolDownAndReturnsTheValue() async throws {
        let (value, after) = try await onOwnThread {
            let witness = Witness()
            return (try Self.runScope(witness) { 42 }, try After(witness))
        }
        #expect(value == 42)
        after.expectShutDown()
    }

    /// `--map`: whatever order the flags finish in, they are reported in the order asked for. The
    /// codes go in slowest first (by the server's planned delays), the reverse of the order in
    /// which they would complete.
    @Test func poolMapReportsInSubmissionOrder() async throws {
        let delay = ResponseDelay.uniform(.zero...(.milliseconds(600)))
        let planner = RequestPlanner(
            seed: 42, profile: ServerProfile(name: "TEST", defaultPort: 0, delay: delay, errorRate: 0))
        let codes = ["BR", "CN", "DE", "IN", "NG", "US"].sorted { first, second in
            planner.plan(code: first, resource: .image, attempt: 1).delay
                > planner.plan(code: second, resource: .image, attempt: 1).delay
        }
        try await withFlagServer(delay: delay, seed: 42) { server in
            let (downloader, directory) = try makeDownloader(server.baseURL)
            defer { directory.remove() }
            let observer = RecordingObserver()
            let tally = try await onOwnThread {
                try PoolStrategy.downloadMany(
                    codes, downloader: downloader, maxConcurrency: 6, order: .map, observer: observer)
            }
            #expect(tally.ok == 6)
            #expect(observer.results.map(\.code) == codes)
            #expect(observer.traces.isEmpty, "map shows no futures")
        }
    }
}
