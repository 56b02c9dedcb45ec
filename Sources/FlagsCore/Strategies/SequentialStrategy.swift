/// `flags-seq`: one flag after another, over one connection. Fluent Python's
/// `flags2_sequential.py` in Swift; the baseline the other strategies are measured against.
public enum SequentialStrategy {
    /// Downloads `codes` one at a time, in order.
    ///
    /// - Throws: `TransferError` if the libcurl client cannot be created.
    public static func downloadMany(
        _ codes: [String],
        downloader: FlagDownloader,
        observer: some DownloadObserver
    ) throws -> Tally {
        // ① One blocking client: one easy handle, so every request reuses one kept-alive
        //    connection.
        let client = try BlockingClient(
            options: downloader.settings.client, cancellation: downloader.cancellation)
        observer.starting(concurrency: 1, notice: nil)

        var tally = Tally(requested: codes.count)
        for code in codes {
            // ② The whole program waits here while each flag travels: with a server that holds
            //    every response 0.5 s, 20 flags take 10 s.
            let result =
                downloader.isStopped ? downloader.notStarted(code) : downloader.download(code, using: client)
            tally.record(result)
            observer.finished(result)
        }
        return tally
    }
}
