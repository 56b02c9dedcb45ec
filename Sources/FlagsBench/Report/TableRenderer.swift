import FlagsShared
import Foundation

/// The side-by-side table printed on stdout.
///
/// The default table fits 100 columns; `--wide` shows every column. When the terminal (or
/// `COLUMNS`) is narrower than the table, the least needed columns are left out, and a line under
/// the table says which.
enum TableRenderer {
    /// One column: its heading and how a row's (already rounded) value is written.
    struct Column: Sendable {
        let heading: String
        /// Part of the default table (the others need `--wide`).
        let inDefault: Bool
        /// What the legend says about it, if anything.
        let legend: String?
        let cell: @Sendable (BenchRow) -> String
    }

    /// Every column, in table order.
    static let columns: [Column] = [
        Column(heading: "strategy", inDefault: true, legend: nil) {
            $0.strategy.rawValue + ($0.debugBuild ? "*" : "")
        },
        Column(heading: "delay", inDefault: true, legend: nil) {
            $0.delay.map { Format.fixed($0, 2) } ?? Format.missing
        },
        Column(heading: "codes", inDefault: false, legend: nil) { String($0.codes) },
        Column(heading: "conc", inDefault: true, legend: nil) { String($0.concurrency) },
        Column(heading: "got", inDefault: true, legend: "got = the concurrency delivered") {
            String($0.concurrencyDelivered)
        },
        Column(
            heading: "median", inDefault: true,
            legend:
                "median, min, max = seconds per run (the client's own elapsed time; curl: its process time)"
        ) { Format.fixed($0.median, 3) },
        Column(heading: "min", inDefault: true, legend: nil) { Format.fixed($0.min, 3) },
        Column(heading: "max", inDefault: true, legend: nil) { Format.fixed($0.max, 3) },
        Column(heading: "speedup", inDefault: true, legend: "speedup = sequential median ÷ median") {
            $0.speedup.map { Format.fixed($0, 1) + "x" } ?? Format.missing
        },
        Column(heading: "ideal", inDefault: true, legend: "ideal = ceil(codes ÷ conc) × delay") {
            $0.ideal.map { Format.fixed($0, 3) } ?? Format.missing
        },
        Column(heading: "eff", inDefault: true, legend: "eff = ideal ÷ median") {
            $0.efficiency.map { String(Int(($0 * 100).rounded())) + "%" } ?? Format.missing
        },
        Column(
            heading: "flight", inDefault: true,
            legend: "flight = most transfers in flight at once, counted by the client"
        ) { $0.maxInFlight.map(String.init) ?? Format.missing },
        Column(heading: "server", inDefault: false, legend: "server = the same, counted by the server") {
            $0.serverMaxInFlight.map(String.init) ?? Format.missing
        },
        Column(heading: "CPU s", inDefault: false, legend: "CPU s = user + system time of the process") {
            Format.fixed($0.cpu, 2)
        },
        Column(
            heading: "CPU/wall", inDefault: true,
            legend: "CPU/wall = CPU time ÷ process lifetime (1.00 = one core busy)"
        ) { $0.cpuPerWall.map { Format.fixed($0, 2) } ?? Format.missing },
        Column(heading: "RSS MB", inDefault: false, legend: "RSS MB = peak resident memory of the process") {
            Format.fixed($0.peakRSS, 1)
        },
    ]

    /// Every heading, in order.
    static var headings: [String] { columns.map(\.heading) }

    /// The columns left out first when the table is wider than the terminal; strategy, conc and
    /// median always stay.
    static let leftOutFirst = ["ideal", "flight", "min", "max", "CPU/wall", "got", "delay", "eff", "speedup"]

    /// The order the legend explains the columns in: the times, what they are compared with, then
    /// the counts.
    static let legendOrder = [
        "median", "speedup", "ideal", "eff", "got", "flight", "server", "CPU s", "CPU/wall", "RSS MB",
    ]

    /// The widest the default table and its text are meant to be.
    static let defaultWidth = 100

    /// The whole text: a heading, the table, and the notes.
    ///
    /// - Parameters:
    ///   - wide: Every column (`--wide`), whatever the width.
    ///   - width: The terminal's width, when known: columns are left out to fit it.
    static func render(_ report: BenchReport, wide: Bool = false, width: Int? = nil) -> String {
        let textWidth = Swift.min(width ?? defaultWidth, defaultWidth)
        let settings = report.settings
        let runs = settings.repetitions == 1 ? "1 run" : "\(settings.repetitions) runs"
        let warmup =
            settings.warmups == 0
            ? ", no warm-up"
            : settings.warmups == 1 ? " after 1 warm-up" : " after \(settings.warmups) warm-ups"
        let cpuWork = settings.cpuWork > 0 ? ", --cpu-work \(settings.cpuWork)" : ""
        let flags = Format.count(settings.codes.codes.count, "flag")
        var lines = wrap(
            "flags-bench: \(flags) (\(settings.codes.label)), \(runs) each\(warmup)\(cpuWork), "
                + (report.debugBuild ? "DEBUG build" : "release build"), width: textWidth)
        lines += report.servers.flatMap { wrap("server: \($0)", width: textWidth) }
        lines += wrap("machine: \(report.machine.summary)", width: textWidth)
        if let curl = report.curlVersion { lines.append("reference: \(curl)") }
        lines.append("")

        var shown = columns.filter { wide || $0.inDefault }
        var leftOut: [String] = []
        var table = self.table(report.rows, columns: shown)
        if !wide, let width {
            for heading in leftOutFirst where table.width > width {
                shown.removeAll { $0.heading == heading }
                leftOut.append(heading)
                table = self.table(report.rows, columns: shown)
            }
        }
        lines += table.lines
        lines.append("")
        lines += legend(report, columns: shown, width: textWidth)
        if !leftOut.isEmpty {
            lines += wrap(
                "Left out to fit \(width ?? 0) columns: \(leftOut.joined(separator: ", ")); --wide shows all \(columns.count).",
                width: textWidth)
        }
        lines += report.notes.flatMap { wrap("note: \($0)", width: textWidth) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every cell of one row, in the order of ``columns``.
    static func cells(for row: BenchRow) -> [String] {
        columns.map { $0.cell(row) }
    }

    /// The heading line and one line per row: the first column left-aligned, the rest right.
    private static func table(_ rows: [BenchRow], columns: [Column]) -> (lines: [String], width: Int) {
        let cells = rows.map { row in columns.map { $0.cell(row) } }
        let headings = columns.map(\.heading)
        let widths = columns.indices.map { column in
            ([headings[column]] + cells.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                return column == 0 ? cells[column] + padding : padding + cells[column]
            }.joined(separator: "  ")
        }
        let lines = [line(headings)] + cells.map(line)
        return (lines, lines.map(\.count).max() ?? 0)
    }

    /// What the shown columns mean, as few lines as fit `width`.
    private static func legend(_ report: BenchReport, columns: [Column], width: Int) -> [String] {
        var shown = legendOrder.compactMap { heading in columns.first { $0.heading == heading }?.legend }
        if !columns.contains(where: { $0.heading == "ideal" }),
            let eff = shown.firstIndex(of: "eff = ideal ÷ median")
        {
            shown[eff] = "eff = ceil(codes ÷ conc) × delay ÷ median"  // the ideal, left out, spelled out
        }
        var lines = fill(shown, separator: " · ", width: width)
        if !report.serverStats && columns.contains(where: { $0.heading == "server" }) {
            lines.append("server: – because the server does not offer /_lab/stats and /_lab/reset")
        }
        if report.debugBuild {
            lines += wrap(
                "* DEBUG build (--allow-debug): these numbers say little; use swift build -c release",
                width: width)
        }
        return lines
    }

    /// Joins `items` with `separator` into lines of at most `width` characters (an item longer
    /// than that gets a line of its own, wrapped at spaces).
    static func fill(_ items: [String], separator: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for item in items {
            if current.isEmpty {
                current = item
            } else if current.count + separator.count + item.count <= width {
                current += separator + item
            } else {
                lines += wrap(current, width: width)
                current = item
            }
        }
        if !current.isEmpty { lines += wrap(current, width: width) }
        return lines
    }

    /// `text` wrapped at spaces into lines of at most `width` characters, continuation lines
    /// indented by two spaces; a word longer than a line stays whole.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let indent = lines.isEmpty ? "" : "  "
            if current.isEmpty {
                current = indent + word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = "  " + word
            }
        }
        lines.append(current)
        return lines
    }
}

/// How wide the table may be: `COLUMNS` when set, else the terminal's width when stdout is a
/// terminal, else unknown (a pipe or a file gets the default table).
enum TerminalWidth {
    /// The widths honoured: below 20, the table keeps its three essential columns anyway.
    static let range = 20...10_000

    /// - Parameters:
    ///   - environment: Where `COLUMNS` is read.
    ///   - descriptor: The terminal to ask, when it is one (`nil`: do not ask).
    static func current(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        descriptor: Int32? = STDOUT_FILENO
    ) -> Int? {
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)),
            range.contains(columns)
        {
            return columns
        }
        guard let descriptor, isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, range.contains(Int(size.ws_col)) else {
            return nil
        }
        return Int(size.ws_col)
    }
}
