public import ArgumentParser
import FlagsServer
import FlagsShared
import FlagsTimeline
import Foundation

/// `flags-bench`: runs `flags-seq`, `flags-pool`, `flags-async` (and `curl --parallel`) against
/// one server with the same codes and settings, and prints them side by side.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "flags-bench",
        abstract: "Run the three flag clients (and curl) side by side and compare what concurrency buys.",
        discussion: BenchHelp.discussion
    )

    @Argument(
        help: ArgumentHelp(
            "Country codes (BR in Us …); a single letter means its 26 codes.",
            discussion: "Without codes, --all or --every: the 20 most populous countries.",
            valueName: "CC"
        )
    )
    var codes: [String] = []

    @Flag(name: .shortAndLong, help: "All 194 flags the server holds.")
    var all = false

    @Flag(name: .shortAndLong, help: "Every code from AA to ZZ (676 requests; 482 answer 404).")
    var every = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Keep the first N codes (sorted).", valueName: "N"))
    var limit: Int?

    @Option(
        name: [.customShort("m"), .customLong("concurrency")],
        help: ArgumentHelp(
            "Concurrency of pool, async and curl, or a comma-separated list for a sweep (1 to 1000).",
            discussion: "Sequential always runs at 1, once per delay.",
            valueName: "M[,M…]"
        )
    )
    var concurrency = "20"

    @Option(
        help: ArgumentHelp(
            "Seconds the embedded server holds each response, or a list (one server per value).",
            discussion: "With --server: declares that server's delay (one value), for the ideal time.",
            valueName: "S[,S…]"
        )
    )
    var delay: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Bench a running server: LOCAL (:8000), DELAY (:8001), ERROR (:8002) or a base URL.",
            discussion: """
                Without it, a DELAY server is started inside flags-bench on a free port. The fault \
                lab's labels (FLAKY, OVERLOADED, SLOW, HOSTILE, RETRY: :8003 to :8007) work too; \
                their delays vary, so their rows have no ideal.
                """,
            valueName: "LABEL|URL"
        )
    )
    var server: String?

    @Option(help: ArgumentHelp("Which to run, comma-separated: seq, pool, async, curl.", valueName: "LIST"))
    var strategies = "seq,pool,async,curl"

    @Option(name: .shortAndLong, help: ArgumentHelp("Measured runs of each row.", valueName: "R"))
    var repetitions = 3

    @Option(
        help: ArgumentHelp(
            "Unrecorded runs of each strategy before its measured ones (per delay).", valueName: "N"))
    var warmup = 1

    @Option(
        help: ArgumentHelp(
            "CPU-bound work per flag in every client: K rounds of SHA-256 over the image.",
            discussion: "The talk's part four: CPU/wall shows how many cores each strategy keeps busy.",
            valueName: "K"
        )
    )
    var cpuWork = 0

    @Option(help: ArgumentHelp("Seconds a transfer may take (passed to every client).", valueName: "S"))
    var timeout: Double = 10

    @Flag(help: "Print the results as JSON on stdout instead of the table (as the clients' --json does).")
    var json = false

    @Flag(help: "Print the results as CSV on stdout instead of the table.")
    var csv = false

    @Option(help: ArgumentHelp("Also save the results as JSON in FILE.", valueName: "FILE"))
    var jsonFile: String?

    @Option(help: ArgumentHelp("Also save the results as CSV in FILE.", valueName: "FILE"))
    var csvFile: String?

    @Option(
        help: ArgumentHelp(
            "Draw elapsed time against concurrency as an SVG chart in FILE.", valueName: "FILE"))
    var chart: String?

    @Option(
        help: ArgumentHelp(
            "Draw every request of each client's last run in FILE.svg: one panel per strategy, one time axis.",
            discussion: "Each client records that run with its own --timeline; the bench reads their traces.",
            valueName: "FILE"
        )
    )
    var timeline: String?

    @Flag(
        help: ArgumentHelp(
            "With --timeline: also keep each client's own trace beside the figure (FILE-pool-m20.json…).",
            discussion: "Trace Event Format: open them in ui.perfetto.dev or chrome://tracing."
        )
    )
    var timelineTraces = false

    @Flag(help: "Show every column of the table (about 125 characters wide).")
    var wide = false

    @Flag(help: "Measure debug builds anyway (loudly marked); without it a debug build refuses to run.")
    var allowDebug = false

    public init() {}

    /// Runs the command, after turning away the old `--json=FILE` / `--csv=FILE` spelling, which
    /// ArgumentParser would only call an unexpected value.
    public static func main(arguments: [String]) async {
        if let message = OutputSpelling.problem(arguments: arguments) {
            exit(withError: ValidationError(message))
        }
        await main(arguments)
    }

    public mutating func validate() throws {
        _ = try resolvedLists()
        guard repetitions >= 1 else {
            throw ValidationError("--repetitions must be at least 1 (got \(repetitions))")
        }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more (got \(warmup))") }
        guard cpuWork >= 0 else { throw ValidationError("--cpu-work must be 0 or more (got \(cpuWork))") }
        guard timeout > 0, timeout.isFinite else {
            throw ValidationError("--timeout must be a positive number of seconds (got \(timeout))")
        }
        if json && csv {
            throw ValidationError(
                "--json and --csv both print on stdout: keep one, and save the other with --json-file or --csv-file"
            )
        }
        if let message = OutputSpelling.problem(codes: codes, json: json, csv: csv) {
            throw ValidationError(message)
        }
        if let timeline, timeline != "-", !timeline.lowercased().hasSuffix(".svg") {
            throw ValidationError(
                "--timeline \(timeline): the bench draws its figure as SVG: name a .svg file")
        }
        if timelineTraces && timeline == nil {
            throw ValidationError(
                "--timeline-traces keeps the traces beside the figure: give --timeline FILE.svg too")
        }
        var seen: [String: String] = [:]
        for (option, path) in outputPaths {
            guard !path.isEmpty else { throw ValidationError("\(option) needs a file name") }
            guard path != "-" else {
                if option == "--chart" || option == "--timeline" {
                    throw ValidationError("\(option) needs a file name: the figure is not printed")
                }
                throw ValidationError("\(option) -: to print on stdout, use \(option.dropLast(5)) (a switch)")
            }
            if let other = seen[path] {
                throw ValidationError(
                    "\(other) and \(option) both name \(path): give each output its own file")
            }
            seen[path] = option
        }
        _ = try selection()
    }

    /// The codes, expanded as the clients expand them.
    private func selection() throws -> CodeSelection {
        do throws(UsageError) {
            return try CodeSelection(codes, all: all, every: every, limit: limit)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The parsed lists: concurrencies, strategies, server and delays.
    private func resolvedLists() throws -> ([Int], [BenchStrategy], ServerSetting) {
        let concurrencies = try ListArgument.integers(concurrency, option: "--concurrency", range: 1...1000)
        let strategies = try ListArgument.strategies(strategies, option: "--strategies")
        let delays = try delay.map { try ListArgument.seconds($0, option: "--delay", range: 0...60) }
        return (concurrencies, strategies, try ServerSetting(server: server, delays: delays))
    }

    public func run() async throws {
        let location = BuildLocation.current()
        if location.isDebug {
            guard allowDebug else {
                Self.say("flags-bench: \(BenchError.debugBuild(location.executable))")
                throw ExitCode.failure
            }
            Self.say(
                "flags-bench: WARNING: DEBUG BUILD (--allow-debug). Timings of debug builds say little; every row is marked."
            )
        }
        // Ctrl-C stops after the run in progress and keeps what was measured (BenchStop).
        let stop = BenchStop()
        stop.install()
        // Every output file is opened before the first run: a bad path costs a second, not a sweep.
        var files: [OutputFile] = []
        let report: BenchReport
        let stopped: Bool
        do {
            for (option, path) in outputPaths { files.append(try OutputFile.open(path, option: option)) }
            let opened = files
            stop.onQuit { for file in opened { file.discard() } }
            (report, stopped) = try await bench(location, stop: stop)
        } catch {
            // Nothing to write: files the check created are removed, not left empty.
            for file in files { file.discard() }
            if error is ValidationError { throw error }
            // BenchError (an output file: 73), or the server's own error (no flag data…): 1.
            Self.say("flags-bench: \(error)")
            throw ExitCode((error as? BenchError)?.exitStatus ?? 1)
        }
        guard !report.rows.isEmpty else {
            for file in files { file.discard() }
            Self.say("flags-bench: stopped before a run was measured: nothing to show or save")
            throw ExitCode(130)
        }
        try write(report, to: files)
        stop.resultsWritten()
        // As the clients do after Ctrl-C: the results shown, and the exit status says they are partial.
        if stopped { throw ExitCode(130) }
    }

    /// Checks what is needed, runs every row, and gathers the report.
    ///
    /// - Returns: The report, and whether a stop (Ctrl-C) ended the bench before its last run.
    private func bench(_ location: BuildLocation, stop: BenchStop) async throws -> (BenchReport, Bool) {
        let (concurrencies, requested, serverSetting) = try resolvedLists()
        let codeList = try selection()
        var strategies = requested
        var notes: [String] = []
        var curlPath: String?
        var curlVersion: String?
        if strategies.contains(.curl) {
            if let path = ChildProcess.which("curl") {
                curlPath = path
                curlVersion = try await onOwnThread {
                    Self.curlVersion(try ChildProcess.run(path, ["--version"]).stdout)
                }
                if cpuWork > 0 { notes.append("curl does no --cpu-work: its row is the network alone") }
            } else {
                guard strategies != [.curl] else {
                    throw BenchError.missingExecutable("curl", directory: "the PATH")
                }
                strategies.removeAll { $0 == .curl }
                notes.append("curl is not installed: no reference row")
            }
        }
        for strategy in strategies where strategy.isClient { _ = try location.sibling(strategy.executable) }

        var settings = BenchSettings(
            codes: codeList,
            selectionArguments: CodeSelection.clientArguments(codes, all: all, every: every, limit: limit),
            server: serverSetting, concurrencies: concurrencies, strategies: strategies,
            repetitions: repetitions, warmups: warmup, cpuWork: cpuWork, timeout: timeout,
            binDirectory: location.directory, debugBuild: location.isDebug, curlPath: curlPath)
        settings.timelines = timeline != nil
        let date = ISO8601DateFormatter().string(from: Date())
        let machine = MachineInfo.current()
        if let load = machine.loadAverage.first, load > Double(machine.cores) / 2 {
            notes.append(
                "the machine was busy when the bench started (load \(Format.fixed(load, 2)) on \(machine.cores) cores): "
                    + "other work competes for the CPU, so rerun when it is quiet")
        }
        let progress = BenchProgress(total: settings.totalRuns)
        let outcome = try await BenchRunner(settings: settings, progress: progress, stop: stop).run()
        progress.clear()
        if outcome.stopped {
            notes.insert(Self.stopNote(outcome, settings: settings), at: 0)
        }
        if outcome.peakLoad > Double(machine.cores) / 2
            && !notes.contains(where: { $0.hasPrefix("the machine was busy") })
        {
            notes.append(
                "the machine got busy during the bench (load up to \(Format.fixed(outcome.peakLoad, 2)) on "
                    + "\(machine.cores) cores): other work competed for the CPU, so compare min and max, or rerun"
            )
        }
        let report = BenchReport(
            date: date, machine: machine, debugBuild: settings.debugBuild, servers: outcome.servers,
            serverStats: outcome.serverStats, curlVersion: curlVersion, rows: outcome.rows,
            notes: notes + outcome.notes, settings: settings)
        return (report, outcome.stopped)
    }

    /// What a reader of a stopped bench's results must know: they are partial, and which row is
    /// short of runs.
    static func stopNote(_ outcome: BenchRunner.Outcome, settings: BenchSettings) -> String {
        let short = outcome.rows.filter { $0.elapsed.count < settings.repetitions }.map {
            "\($0.strategy) -m \($0.concurrency) has \($0.elapsed.count) of \(settings.repetitions)"
        }
        return "stopped by Ctrl-C after \(Format.count(outcome.measuredRuns, "measured run")); "
            + "the run in progress was dropped and no later one started"
            + (short.isEmpty ? "" : " (\(short.joined(separator: ", ")))")
    }

    /// The output files asked for, in the order they are checked and written.
    private var outputPaths: [(option: String, path: String)] {
        [("--json-file", jsonFile), ("--csv-file", csvFile), ("--chart", chart), ("--timeline", timeline)]
            .compactMap { option, path in
                path.map { (option, $0) }
            }
    }

    /// The results on stdout first (the table, or JSON or CSV), then the files: a file that
    /// cannot be written at the end loses nothing that was measured.
    ///
    /// - Throws: `ExitCode(73)` when a file could not be written (after saying why).
    private func write(_ report: BenchReport, to files: [OutputFile]) throws {
        if json {
            print(report.json, terminator: "")
        } else if csv {
            print(report.csv, terminator: "")
        } else {
            print(TableRenderer.render(report, wide: wide, width: TerminalWidth.current()), terminator: "")
        }
        fflush(nil)  // every stream: the results are out before a file can fail
        var failed = false
        for file in files {
            let text =
                switch file.option {
                case "--json-file": report.json
                case "--csv-file": report.csv
                case "--timeline": TimelineFigure.render(report)
                default: SVGChart.render(report)
                }
            do {
                try file.write(text)
            } catch {
                failed = true
                Self.say("flags-bench: \(error)")
            }
        }
        if timelineTraces, let timeline {
            for (path, trace) in TimelineFigure.traceFiles(report, beside: timeline) {
                do {
                    try trace.write(toFile: path, atomically: false, encoding: .utf8)
                } catch {
                    failed = true
                    Self.say("flags-bench: cannot write \(path): \(error.localizedDescription)")
                }
            }
        }
        if failed {
            Self.say("flags-bench: the results were printed on stdout all the same")
            throw ExitCode(73)
        }
    }

    /// `curl 7.88.1, libcurl/7.88.1` from the first line of `curl --version`.
    static func curlVersion(_ output: String) -> String {
        let words = output.split(separator: "\n").first?.split(separator: " ") ?? []
        let libcurl = words.first { $0.hasPrefix("libcurl/") }.map { ", \($0)" } ?? ""
        return words.prefix(2).joined(separator: " ") + libcurl
    }

    private static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
