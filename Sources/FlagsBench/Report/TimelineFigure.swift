import FlagsTimeline
import Foundation

/// `--timeline FILE.svg`: the last run of each client row, drawn from the client's own trace,
/// one panel per row on one time axis (seq's staircase above pool's and async's blocks).
enum TimelineFigure {
    static func render(_ report: BenchReport) -> String {
        let timelines = report.timelines.map(\.timeline)
        let codes = report.rows.first?.codes ?? 0
        let delays = Array(Set(report.rows.compactMap(\.delay))).sorted()
        let delayText =
            delays.isEmpty
            ? "delay unknown"
            : "server delay " + delays.map { "\(Format.seconds($0)) s" }.joined(separator: ", ")
        let build = report.debugBuild ? "DEBUG build" : "release build"
        return TimelineSVG.figure(
            timelines,
            title: "Every request of each client's last run: \(Format.count(codes, "flag")), \(delayText)",
            subtitle: "flags-bench · \(report.machine.summary) · \(build) · \(report.date)")
    }

    /// Each client's trace (with the server's delay the bench knows) and where it goes beside
    /// `figure`: `bench.svg` → `bench-pool-m20.json`, with the delay too when the bench ran several.
    static func traceFiles(_ report: BenchReport, beside figure: String) -> [(path: String, trace: String)] {
        let stem = figure.lowercased().hasSuffix(".svg") ? String(figure.dropLast(4)) : figure
        let severalDelays = Set(report.rows.map(\.delay)).count > 1
        return report.timelines.map { row, timeline in
            var name = "\(stem)-\(row.strategy.rawValue)-m\(row.concurrency)"
            if severalDelays { name += "-d\(row.delay.map { Format.seconds($0) } ?? "unknown")" }
            return (name + ".json", TraceEvents.render(timeline))
        }
    }
}
