/// `flags-pool`: downloads on a pool of threads, with futures. Fluent Python's
/// `flags2_threadpool.py` (and `flags_threadpool_futures.py`) in Swift.
public enum PoolStrategy {
    /// Downloads `codes` with up to `maxConcurrency` worker threads, each blocking on its own
    /// transfer.
    ///
    /// - Throws: the startup error if no worker could be started.
    public static func downloadMany(
        _ codes: [String],
        downloader: FlagDownloader,
        maxConcurrency: Int,
        observer: some DownloadObserver
    ) throws -> Tally {
        let options = downloader.settings.client
        let cancellation = downloader.cancellation
        // ① The pool: each worker makes its own blocking libcurl client on its own thread, so a
        //    worker's connection stays alive and no handle is ever shared between threads.
        let executor = ThreadPoolExecutor(maxWorkers: max(1, min(maxConcurrency, codes.count))) {
            try BlockingClient(options: options, cancellation: cancellation)
        }
        defer { executor.shutdown() }
        if let error = executor.startupError { throw error }
        observer.starting(concurrency: executor.workers, notice: shortfall(executor))

        // ② Ctrl-C: futures still waiting are cancelled; running transfers are aborted by curl's
        //    progress callback, which watches the same signal.
        let stop = cancellation.onCancel { _ in executor.cancelPending() }
        defer { cancellation.removeHandler(stop) }

        // ③ Submit one download per code. `submit` returns a future at once; the work runs
        //    when a worker is free.
        var toDo: [Future<FlagResult>: String] = [:]
        for code in codes {
            let future = executor.submit { client in downloader.download(code, using: client) }
            toDo[future] = code
            observer.trace("Scheduled for \(code): \(future)")
        }

        // ④ Consume the futures as they complete, not in submission order: the progress line
        //    moves with every finished flag.
        var tally = Tally(requested: codes.count)
        for future in asCompleted(toDo.keys) {
            // Only a future cancelled before it started throws.
            let result = (try? future.result()) ?? downloader.notStarted(toDo[future] ?? "??")
            observer.trace("\(future) result: \(result.code) \(result.outcome)")
            tally.record(result)
            observer.finished(result)
        }
        return tally
    }

    /// Says so when the system gave fewer threads than asked for.
    private static func shortfall<Context>(_ executor: ThreadPoolExecutor<Context>) -> String? {
        guard executor.workers < executor.requestedWorkers else { return nil }
        return "asked for \(executor.requestedWorkers) workers, but only \(executor.workers) threads started "
            + "(libdispatch's limit for blocking work on this system); running with \(executor.workers)."
    }
}
