/// The side-by-side table printed on stdout.
enum TableRenderer {
    /// The column headings, in order; the test of the table reads cells by these positions.
    static let headings = [
        "strategy", "delay", "codes", "conc", "got", "median", "min", "max", "speedup", "ideal", "eff",
        "flight", "server", "CPU s", "CPU/wall", "RSS MB",
    ]

    /// The whole text: a heading, the table, and the notes.
    static func render(_ report: BenchReport) -> String {
        let settings = report.settings
        let runs = settings.repetitions == 1 ? "1 run" : "\(settings.repetitions) runs"
        let warmup =
            settings.warmups == 0
            ? ", no warm-up"
            : settings.warmups == 1 ? " after 1 warm-up" : " after \(settings.warmups) warm-ups"
        let cpuWork = settings.cpuWork > 0 ? ", --cpu-work \(settings.cpuWork)" : ""
        var lines = [
            "flags-bench: \(settings.codes.codes.count) flags (\(settings.codes.selection)), \(runs) each\(warmup)\(cpuWork), "
                + (report.debugBuild ? "DEBUG build" : "release build")
        ]
        lines += report.servers.map { "server: \($0)" }
        lines.append("machine: \(report.machine.summary)")
        if let curl = report.curlVersion { lines.append("reference: \(curl)") }
        lines.append("")

        let rows = report.rows.map { cells(for: $0) }
        let widths = headings.indices.map { column in
            ([headings[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                return column == 0 ? cells[column] + padding : padding + cells[column]
            }.joined(separator: "  ")
        }
        lines.append(line(headings))
        lines += rows.map(line)
        lines.append("")
        lines += legend(report)
        lines += report.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row's cells, each computed from the row's (already rounded) values.
    static func cells(for row: BenchRow) -> [String] {
        [
            row.strategy.rawValue + (row.debugBuild ? "*" : ""),
            row.delay.map { Format.fixed($0, 2) } ?? Format.missing,
            String(row.codes),
            String(row.concurrency),
            String(row.concurrencyDelivered),
            Format.fixed(row.median, 3),
            Format.fixed(row.min, 3),
            Format.fixed(row.max, 3),
            row.speedup.map { Format.fixed($0, 1) + "x" } ?? Format.missing,
            row.ideal.map { Format.fixed($0, 3) } ?? Format.missing,
            row.efficiency.map { String(Int(($0 * 100).rounded())) + "%" } ?? Format.missing,
            row.maxInFlight.map(String.init) ?? Format.missing,
            row.serverMaxInFlight.map(String.init) ?? Format.missing,
            Format.fixed(row.cpu, 2),
            row.cpuPerWall.map { Format.fixed($0, 2) } ?? Format.missing,
            Format.fixed(row.peakRSS, 1),
        ]
    }

    private static func legend(_ report: BenchReport) -> [String] {
        var lines = [
            "Times in seconds, median/min/max of the runs (the clients' own elapsed time; curl's process time).",
            "speedup = sequential median ÷ median · ideal = ceil(codes ÷ conc) × delay · eff = ideal ÷ median",
            "flight = most transfers in flight at once, counted by the client; server = the same, counted by the server",
            "CPU s = user + system time of the process; CPU/wall = CPU s ÷ process lifetime (1.00 = one core busy)",
        ]
        if !report.serverStats {
            lines.append("server: – because the server does not offer /_lab/stats and /_lab/reset")
        }
        if report.debugBuild {
            lines.append(
                "* DEBUG build (--allow-debug): these numbers say little; use swift build -c release")
        }
        return lines
    }
}
