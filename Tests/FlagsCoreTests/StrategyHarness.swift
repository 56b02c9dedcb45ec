import FlagsCore
import FlagsShared
import FlagsTestSupport
import Synchronization

/// The three strategies behind one call, so each test runs against all of them.
enum Strategy: String, CaseIterable, CustomStringConvertible, Sendable {
    case sequential, pool, async

    var description: String { rawValue }

    func run(
        _ codes: [String], downloader: FlagDownloader, maxConcurrency: Int = 20, observer: RecordingObserver
    )
        async throws -> Tally
    {
        switch self {
        case .sequential:
            try await onOwnThread {
                try SequentialStrategy.downloadMany(codes, downloader: downloader, observer: observer)
            }
        case .pool:
            try await onOwnThread {
                try PoolStrategy.downloadMany(
                    codes, downloader: downloader, maxConcurrency: maxConcurrency, observer: observer)
            }
        case .async:
            try await AsyncStrategy.downloadMany(
                codes,
                downloader: downloader,
                maxConcurrency: maxConcurrency,
                observer: observer
            )
        }
    }
}

/// Records what a strategy reports.
final class RecordingObserver: DownloadObserver {
    private let state = Mutex((concurrency: [Int](), traces: [String](), results: [FlagResult]()))
    /// Called with each result as it arrives (from the strategy's thread).
    let onResult: @Sendable (FlagResult) -> Void

    init(onResult: @escaping @Sendable (FlagResult) -> Void = { _ in }) {
        self.onResult = onResult
    }

    func starting(concurrency: Int, notice: String?) {
        state.withLock { $0.concurrency.append(concurrency) }
    }

    func trace(_ line: String) {
        state.withLock { $0.traces.append(line) }
    }

    func finished(_ result: FlagResult) {
        state.withLock { $0.results.append(result) }
        onResult(result)
    }

    var announcedConcurrency: [Int] { state.withLock { $0.concurrency } }
    var traces: [String] { state.withLock { $0.traces } }
    var results: [FlagResult] { state.withLock { $0.results } }

    func outcome(of code: String) -> Outcome? {
        results.first { $0.code == code }?.outcome
    }
}

/// A downloader saving into a fresh temporary directory.
func makeDownloader(
    _ baseURL: String,
    settings: DownloadSettings = DownloadSettings(client: .roomy),
    cancellation: CancellationSignal = CancellationSignal()
) throws -> (FlagDownloader, TemporaryDirectory) {
    let directory = try TemporaryDirectory()
    let store = FlagStore(directory: directory.path)
    try store.prepare()
    let downloader = FlagDownloader(
        site: try FlagSite(baseURL: baseURL),
        store: store,
        settings: settings,
        cancellation: cancellation
    )
    return (downloader, directory)
}

/// The code in a request path such as `/flags/br/br.png` (upper-case), or "".
func code(in path: String) -> String {
    let parts = path.split(separator: "/")
    return parts.count >= 2 ? parts[parts.count - 2].uppercased() : ""
}

extension ClientOptions {
    /// Timeouts no loaded machine reaches on a good answer: for tests where a timeout would be a
    /// false failure (only the stall test wants a short one).
    static let roomy = ClientOptions(timeout: .seconds(600), connectTimeout: .seconds(600))
}
