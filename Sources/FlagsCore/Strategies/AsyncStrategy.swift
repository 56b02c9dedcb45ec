/// `flags-async`: downloads with async/await over libcurl's multi interface. Fluent Python's
/// `flags2_asyncio.py` (and `flags3_asyncio.py` with `--names`) in Swift.
public enum AsyncStrategy {
    /// Downloads `codes` with at most `maxConcurrency` transfers in flight, all driven by one
    /// libcurl thread; no thread blocks while a flag travels.
    ///
    /// - Throws: `TransferError` if the libcurl client cannot be started.
    public static func downloadMany(
        _ codes: [String],
        downloader: FlagDownloader,
        maxConcurrency: Int,
        observer: some DownloadObserver
    ) async throws -> Tally {
        // ① One client: one thread running curl's event loop for every transfer. Ctrl-C or the
        //    deadline fires the run's signal, and the client ends every transfer in flight.
        let client = try AsyncClient(
            options: downloader.settings.client, cancellation: downloader.cancellation)
        let window = max(1, min(maxConcurrency, codes.count))
        observer.starting(concurrency: window, notice: nil)

        var tally = Tally(requested: codes.count)
        var waiting = codes.makeIterator()
        await withTaskGroup(of: FlagResult.self) { group in
            // ② Fill the window: `window` child tasks, each awaiting its transfer.
            for _ in 0..<window {
                guard let code = waiting.next() else { break }
                group.addTask { await downloader.download(code, using: client) }
            }
            // ③ A sliding window, not batches: each time one flag finishes, the next starts, so
            //    `window` transfers stay in flight until the list runs out. `flags2_asyncio`
            //    starts every coroutine at once and makes all but N wait on a semaphore; here the
            //    waiting codes stay in the list, so no task exists before its transfer can start.
            for await result in group {
                tally.record(result)
                observer.finished(result)
                if !downloader.isStopped && !Task.isCancelled, let code = waiting.next() {
                    group.addTask { await downloader.download(code, using: client) }
                }
            }
        }
        // ④ Stopped early (Ctrl-C, deadline): the codes never started are counted as cancelled.
        while let code = waiting.next() {
            let result = downloader.notStarted(code)
            tally.record(result)
            observer.finished(result)
        }
        await client.shutdown()
        return tally
    }
}
