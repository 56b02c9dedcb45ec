import FlagsShared
import FlagsTimeline
import Foundation

/// One run of `flags-seq`, `flags-pool` or `flags-async`, with `--json`, as a user would type it.
enum ClientProcess {
    /// Runs the client and reads its report.
    ///
    /// - Returns: The measurement, the command line, and the client's stderr lines (notes such as
    ///   a thread limit).
    /// - Throws: ``BenchError`` when the client exits without its JSON report, or asked for a
    ///   different number of codes than the bench expected.
    static func run(
        _ strategy: BenchStrategy, settings: BenchSettings, concurrency: Int, server: ServerPoint,
        scratch: ScratchDirectory, timeline: Bool = false, stop: BenchStop? = nil
    ) throws -> (Measurement, String, [String]) {
        var arguments: [String] = []
        if strategy != .sequential { arguments += ["-m", String(concurrency)] }
        if settings.cpuWork > 0 { arguments += ["--cpu-work", String(settings.cpuWork)] }
        arguments += ["--timeout", Format.seconds(settings.timeout)]
        // The trace goes beside the flags, in the scratch directory, and is read back below.
        let trace = "\(scratch.path)/timeline.json"
        if timeline { arguments += ["--timeline", trace] }
        arguments += settings.selectionArguments
        arguments += ["-s", server.baseURL, "--json", "-o"]
        let command = ([strategy.executable] + arguments + ["DIR"]).joined(separator: " ")

        let result = try ChildProcess.run(
            "\(settings.binDirectory)/\(strategy.executable)", arguments + [scratch.path], stop: stop)
        // Exit status 1 with a report means some transfers failed: a result, not a failure.
        guard [0, 1].contains(result.status), let summary = ClientReport.parse(result.stdout),
            summary.error == nil, let elapsed = summary.elapsedS, let concurrency = summary.concurrency,
            let maxInFlight = summary.maxInFlight
        else {
            let said = result.stderr.split(separator: "\n").prefix(3).joined(separator: " / ")
            throw BenchError.clientFailed(
                command, status: result.status, detail: said.isEmpty ? "no report" : said)
        }
        guard summary.requested == settings.codes.codes.count else {
            throw BenchError.codeCountMismatch(
                strategy.executable, requested: summary.requested, expected: settings.codes.codes.count)
        }
        var measurement = Measurement(
            elapsed: elapsed, wall: result.wallSeconds, cpu: result.cpuSeconds,
            peakRSSKilobytes: result.peakRSSKilobytes, concurrency: concurrency,
            maxInFlight: maxInFlight, serverMaxInFlight: nil, ok: summary.ok,
            notFound: summary.notFound, errors: summary.errors)
        if timeline {
            guard let bytes = FileManager.default.contents(atPath: trace).map(Array.init),
                var recorded = try? TraceEvents.read(bytes)
            else {
                throw BenchError.clientFailed(
                    command, status: result.status, detail: "no timeline in \(trace)")
            }
            // The client talks to a URL; the bench knows that server's delay.
            recorded.run.server = "server"
            recorded.run.serverDelay = server.delay
            measurement.timeline = recorded
        }
        let notes = result.stderr.split(separator: "\n").map { "\(strategy.executable): \($0)" }
        return (measurement, command, notes)
    }
}
