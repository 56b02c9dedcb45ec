import FlagsShared

/// Everything a bench runs, checked: what the command line asked for, resolved.
struct BenchSettings: Sendable {
    /// The codes every run downloads.
    var codes: CodeSelection
    /// The arguments that select those codes, passed to each client unchanged.
    var selectionArguments: [String]
    var server: ServerSetting
    /// The concurrencies of pool, async and curl (sequential always runs at 1).
    var concurrencies: [Int]
    var strategies: [BenchStrategy]
    var repetitions: Int
    /// Unrecorded runs of each strategy before its first measured one, at each delay.
    var warmups: Int
    /// `--cpu-work K`, passed to each client.
    var cpuWork: Int
    /// `--timeout S`, passed to each client (and to curl as `--max-time`).
    var timeout: Double
    /// Where `flags-seq`, `flags-pool` and `flags-async` are.
    var binDirectory: String
    /// `true` when they are debug builds.
    var debugBuild: Bool
    /// `curl`, when the curl row is wanted and curl is installed.
    var curlPath: String?
    /// `--timeline`: the last measured run of each client row records its timeline.
    var timelines = false

    /// The concurrencies `strategy` runs at.
    func concurrencies(for strategy: BenchStrategy) -> [Int] {
        strategy == .sequential ? [1] : concurrencies
    }

    /// How many runs the whole bench makes, warm-ups included, for the progress line.
    var totalRuns: Int {
        let perDelay = strategies.map { concurrencies(for: $0).count * repetitions + warmups }.reduce(0, +)
        return perDelay * server.delays.count
    }

    /// The settings as they appear in `--json`.
    var json: JSONValue {
        .object([
            ("codes", .integer(codes.codes.count)),
            ("selection", .string(codes.label)),
            ("strategies", .array(strategies.map { .string($0.rawValue) })),
            ("concurrency", .array(concurrencies.map { .integer($0) })),
            ("delays_s", .array(server.delays.map { $0.map(JSONValue.number) ?? .null })),
            ("repetitions", .integer(repetitions)),
            ("warmup", .integer(warmups)),
            ("cpu_work", .integer(cpuWork)),
            ("timeout_s", .number(timeout)),
        ])
    }
}
