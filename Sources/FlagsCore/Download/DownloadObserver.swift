/// What a strategy tells the outside world while it runs: the terminal report, the progress line,
/// or a test.
///
/// A strategy calls these from one thread or task at a time, in this order: `starting` once, then
/// `trace` and `finished` as things happen (`finished` exactly once per requested code).
public protocol DownloadObserver: Sendable {
    /// The strategy is ready to go: at most `concurrency` transfers will run at once.
    ///
    /// - Parameter notice: when the strategy could not deliver the concurrency asked for, why.
    func starting(concurrency: Int, notice: String?)
    /// A line about the strategy's own machinery (a future scheduled, say), shown with `-v`.
    func trace(_ line: String)
    /// One code is done.
    func finished(_ result: FlagResult)
}
