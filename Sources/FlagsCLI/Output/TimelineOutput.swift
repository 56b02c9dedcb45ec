import FlagsCore
import FlagsServer
import FlagsTimeline
import Foundation

/// `--timeline FILE`: the requests every result carried, drawn as the file's extension says, or
/// as the text waterfall on stdout (`-`).
enum TimelineOutput {
    /// The run's timeline.
    ///
    /// - Parameters:
    ///   - startingAt: when the run started on the recorder's clock: the timeline's 0.
    ///   - strategy: `sequential`, `pool` or `async`; async's lanes are connections.
    ///   - serverDelay: the server's fixed delay, when it is known.
    static func timeline(
        startingAt start: Double, strategy: String, codes: Int, concurrency: Int, server: String,
        serverDelay: Double?,
        elapsed: Duration, cpuWork: Int, attempts: [TimelineAttempt]
    ) -> Timeline {
        let (seconds, attoseconds) = elapsed.components
        let run = TimelineRun(
            strategy: strategy, codes: codes, concurrency: concurrency, server: server,
            serverDelay: serverDelay, elapsed: Double(seconds) + Double(attoseconds) * 1e-18,
            lanes: strategy == "async" ? .connections : .threads, cpuWork: cpuWork)
        return Timeline(run: run, attempts: attempts).shifted(by: -start)
    }

    /// Writes `timeline` to `path`, or prints it when `path` is `-`.
    ///
    /// - Throws: `CommandFailure` saying why the file cannot be written.
    static func write(_ timeline: Timeline, to path: String) throws {
        guard let format = TimelineFormat(path: path) else { return }  // refused by validate()
        guard format != .text else {
            // Colour on a terminal only, and never with NO_COLOR; the width from the terminal
            // (or COLUMNS), 100 columns when neither says.
            let terminal = isatty(STDOUT_FILENO) == 1
            let size = terminal ? terminalSize() : nil
            Terminal.output("")
            TextWaterfall.render(
                timeline, width: size?.columns ?? (terminal ? columnsVariable : nil) ?? 100,
                height: size?.rows,
                color: terminal && Terminal.colorAllowed
            ).forEach(Terminal.output)
            return
        }
        do {
            try format.render(timeline).write(toFile: path, atomically: false, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write the timeline to \(path): \(error.localizedDescription)")
        }
    }

    /// The seconds a server holds each response, for the title's ideal time: known for the
    /// stock labels and presets with a fixed delay, and for the embedded server.
    static func delay(of profile: ServerProfile?) -> Double? {
        guard case .fixed(let duration)? = profile?.delay else { return nil }
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// Columns and rows of the terminal on stdout, when it says (a pseudo-terminal may not);
    /// `COLUMNS` overrides the width.
    private static func terminalSize() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (columnsVariable ?? Int(size.ws_col), max(Int(size.ws_row), 10))
    }

    /// `COLUMNS`, when it holds a usable width.
    private static var columnsVariable: Int? {
        guard let text = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(text),
            (20...1000).contains(value)
        else { return nil }
        return value
    }
}
