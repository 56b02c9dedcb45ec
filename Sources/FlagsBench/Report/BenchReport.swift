import FlagsTimeline
import Foundation

/// A finished bench: the rows and what is needed to read them (machine, build, settings).
struct BenchReport: Sendable {
    /// When the bench started, ISO 8601 in UTC.
    var date: String
    /// Where it ran.
    var machine: MachineInfo
    /// `true` when the executables measured are debug builds.
    var debugBuild: Bool
    /// One line per server used (one per delay point).
    var servers: [String]
    /// Whether every server answered `/_lab/stats` (the server column).
    var serverStats: Bool
    /// curl's version and libcurl's (`curl 7.88.1, libcurl/7.88.1`), when the curl row ran.
    var curlVersion: String?
    /// One row per strategy, concurrency and delay, in the order they ran.
    var rows: [BenchRow]
    /// Things a reader should know: errors during runs, what a client said on stderr.
    var notes: [String]
    var settings: BenchSettings

    /// The timeline of the last run of each client row (`--timeline`), in the rows' order.
    var timelines: [(row: BenchRow, timeline: Timeline)] {
        rows.compactMap { row in row.timeline.map { (row, $0) } }
    }

    /// The `--json` document: metadata, then one object per row with the CSV's columns as keys.
    var json: String {
        JSONValue.object([
            ("tool", .string("flags-bench")),
            ("date", .string(date)),
            (
                "machine",
                .object([
                    ("hostname", .string(machine.hostname)),
                    ("cores", .integer(machine.cores)),
                    ("cpu_model", .string(machine.cpuModel)),
                    ("kernel", .string(machine.kernel)),
                    ("load_average", .array(machine.loadAverage.map(JSONValue.number))),
                ])
            ),
            ("build", .string(debugBuild ? "debug" : "release")),
            ("debug_build", .bool(debugBuild)),
            ("settings", settings.json),
            ("servers", .array(servers.map(JSONValue.string))),
            ("server_stats", .bool(serverStats)),
            ("curl", curlVersion.map(JSONValue.string) ?? .null),
            ("notes", .array(notes.map(JSONValue.string))),
            ("rows", .array(rows.map { row in .object(row.fields.map { ($0.name, $0.value.json) }) })),
        ]).rendered() + "\n"
    }

    /// The `--csv` text: a header of column names, then one line per row.
    var csv: String {
        guard let first = rows.first else { return "" }
        var lines = [first.fields.map(\.name).joined(separator: ",")]
        for row in rows {
            lines.append(row.fields.map { Self.csvField($0.value) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func csvField(_ cell: Cell) -> String {
        switch cell {
        case .text(let text):
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .integer(let value): return String(value)
        case .number(let value): return "\(value)"
        case .flag(let value): return value ? "true" : "false"
        case .missing: return ""
        }
    }
}
