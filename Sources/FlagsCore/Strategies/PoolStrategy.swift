/// `flags-pool`: downloads on a pool of threads, with futures. Fluent Python's
/// `flags2_threadpool.py` (and, with `--map`, `flags_threadpool.py`) in Swift.
public enum PoolStrategy {
    /// The order in which the pool's results are consumed and reported.
    public enum Order: Sendable {
        /// `submit` + `as_completed`: each flag is reported the moment it is done.
        case asCompleted
        /// `executor.map`: results in submission order, so a slow flag holds up every report
        /// behind it.
        case map
    }

    /// Downloads `codes` with up to `maxConcurrency` worker threads, each blocking on its own
    /// transfer.
    ///
    /// - Parameter order: `.asCompleted` reports flags as they finish; `.map` in the order of
    ///   `codes`. The transfers run at the same time either way.
    /// - Throws: the startup error if no worker could be started.
    public static func downloadMany(
        _ codes: [String],
        downloader: FlagDownloader,
        maxConcurrency: Int,
        order: Order = .asCompleted,
        observer: some DownloadObserver
    ) throws -> Tally {
        let options = downloader.settings.client
        let cancellation = downloader.cancellation
        // ① Each worker runs the initializer once, on its own thread: its own blocking libcurl
        //    client, so its connection stays alive and no handle is ever shared between threads.
        @Sendable func makeClient() throws -> BlockingClient {
            try BlockingClient(options: options, cancellation: cancellation)
        }
        // ② `with ThreadPoolExecutor(...) as executor:` — the pool lives for the block, and is
        //    shut down (its workers joined) however the block ends.
        let workers = max(1, min(maxConcurrency, codes.count))
        return try withThreadPool(maxWorkers: workers, initializer: makeClient) { executor in
            if let error = executor.startupError { throw error }
            observer.starting(concurrency: executor.workers, notice: executor.shortfall)

            // ③ Ctrl-C: futures still waiting are cancelled; running transfers are aborted by
            //    curl's progress callback, which watches the same signal.
            let stop = cancellation.onCancel { _ in executor.cancelPending() }
            defer { cancellation.removeHandler(stop) }

            var tally = Tally(requested: codes.count)
            func report(_ result: FlagResult) {
                tally.record(result)
                observer.finished(result)
            }
            switch order {
            case .map:
                // ④ `executor.map(download_one, cc_list)`: all submitted at once, results taken
                //    in submission order. A slow first flag holds back every report behind it.
                let results = executor.map(codes) { client, code in downloader.download(code, using: client) }
                for (code, result) in zip(codes, results) {
                    do {
                        report(try result.get())
                    } catch {
                        report(downloader.notStarted(code))  // cancelled before it started
                    }
                }
            case .asCompleted:
                // ④ Submit one download per code. `submit` returns a future at once; the work
                //    runs when a worker is free.
                var toDo: [Future<FlagResult>: String] = [:]
                for code in codes {
                    let future = executor.submit { client in downloader.download(code, using: client) }
                    toDo[future] = code
                    observer.trace("Scheduled for \(code): \(future)")
                }
                // ⑤ Consume the futures as they complete, not in submission order: the progress
                //    line moves with every finished flag.
                for future in asCompleted(toDo.keys) {
                    do {
                        let result = try future.result()
                        observer.trace("\(future) result: \(result.code) \(result.outcome)")
                        report(result)
                    } catch {
                        // Only a future cancelled before it started throws. (Every future is a key
                        // of toDo, as in the book's `to_do_map[future]`.)
                        report(downloader.notStarted(toDo[future]!))
                    }
                }
            }
            return tally
        }
    }
}
