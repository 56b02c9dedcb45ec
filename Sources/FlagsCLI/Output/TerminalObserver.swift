import FlagsCore
import FlagsTimeline
import Synchronization

/// Shows a run in the terminal: the header once the strategy is ready, then a line per flag
/// (`-v`) or the progress line.
final class TerminalObserver: DownloadObserver {
    private let verbose: Bool
    private let json: Bool
    private let progress: ProgressLine?
    private let header: @Sendable (Int) -> [String]
    private let state = Mutex((concurrency: 0, done: 0))
    /// Every result's requests, gathered for `--timeline` (results come here one at a time).
    private let attempts = Mutex<[TimelineAttempt]>([])

    /// - Parameters:
    ///   - inFlight: the transfers in flight now, for the progress line.
    ///   - header: the report's first lines for the concurrency the strategy delivers.
    init(
        total: Int, verbose: Bool, json: Bool, inFlight: @escaping @Sendable () -> Int,
        header: @escaping @Sendable (Int) -> [String]
    ) {
        self.verbose = verbose
        self.json = json
        self.header = header
        progress =
            !verbose && Terminal.stderrIsInteractive
            ? ProgressLine(total: total, color: Terminal.colorAllowed, inFlight: inFlight) : nil
    }

    /// The concurrency the strategy announced.
    var concurrency: Int { state.withLock { $0.concurrency } }

    func starting(concurrency: Int, notice: String?) {
        state.withLock { $0.concurrency = concurrency }
        if let notice { say("Note: \(notice)") }
        if !json { header(concurrency).forEach(Terminal.output) }
        progress?.start()
    }

    func trace(_ line: String) {
        if verbose { say(line) }
    }

    func finished(_ result: FlagResult) {
        let done = state.withLock { state in
            state.done += 1
            return state.done
        }
        if verbose { say(Report.line(for: result)) }
        progress?.update(done: done)
        if !result.timeline.isEmpty { attempts.withLock { $0 += result.timeline } }
    }

    /// The requests of every result so far, for `--timeline`.
    var timeline: [TimelineAttempt] { attempts.withLock { $0 } }

    /// Stops and clears the progress line before the final report.
    func end() {
        progress?.clear()
    }

    /// Report lines go to stdout, unless stdout carries the JSON object.
    private func say(_ line: String) {
        if json {
            Terminal.error(line + "\n")
        } else {
            Terminal.output(line)
        }
    }
}
