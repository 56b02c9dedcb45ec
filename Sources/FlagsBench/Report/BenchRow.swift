import FlagsTimeline

/// One line of the bench: one strategy at one concurrency and one server delay, summarised over
/// its repetitions.
///
/// Every number is rounded once, here, so the table, the CSV and the JSON show the same value.
struct BenchRow: Sendable, Equatable {
    /// What ran.
    var strategy: BenchStrategy
    /// Seconds the server holds each response, when known.
    var delay: Double?
    /// How many codes each run requested.
    var codes: Int
    /// The concurrency asked for (`-m`; always 1 for sequential).
    var concurrency: Int
    /// The concurrency the strategy delivered (the smallest any run reported).
    var concurrencyDelivered: Int
    /// The measured runs, in seconds (warm-ups are not here).
    var elapsed: [Double]
    /// The median of ``elapsed``: what the speedup and the efficiency compare.
    var median: Double
    /// The fastest run.
    var min: Double
    /// The slowest run.
    var max: Double
    /// Sequential median ÷ this median, at the same delay; `nil` without a sequential row.
    var speedup: Double?
    /// `ceil(codes ÷ concurrency) × delay`; `nil` when the delay is unknown.
    var ideal: Double?
    /// `ideal ÷ median`; `nil` when the ideal is unknown or 0.
    var efficiency: Double?
    /// The most transfers in flight at once that the client counted (`nil` for curl).
    var maxInFlight: Int?
    /// The most requests in flight at once that the server counted; `nil` when it does not say.
    var serverMaxInFlight: Int?
    /// CPU seconds (user + system), median of the runs.
    var cpu: Double
    /// CPU seconds ÷ the process's wall-clock seconds, median of the runs: ~1 keeps one core
    /// busy, ~cores keeps them all busy.
    var cpuPerWall: Double?
    /// The largest peak resident memory of the runs, in MiB.
    var peakRSS: Double
    /// Flags downloaded: the fewest of any run.
    var ok: Int
    /// Codes the server does not hold (404): the most of any run.
    var notFound: Int
    /// Failed transfers: the most of any run.
    var errors: Int
    /// `true` when the executables measured are debug builds.
    var debugBuild: Bool
    /// The command line of one run, for reproducing it.
    var command: String
    /// The last run's timeline, when the bench asked for one (`--timeline`).
    var timeline: Timeline?

    /// Summarises `runs` (at least one).
    ///
    /// - Parameters:
    ///   - strategy: What ran.
    ///   - delay: The server's delay in seconds, when known (for the ideal).
    ///   - codes: The codes each run requested.
    ///   - concurrency: The concurrency asked for.
    ///   - runs: The measured runs.
    ///   - debugBuild: Whether the executables were debug builds.
    ///   - command: One run's command line.
    init(
        strategy: BenchStrategy, delay: Double?, codes: Int, concurrency: Int, runs: [Measurement],
        debugBuild: Bool, command: String
    ) {
        precondition(!runs.isEmpty, "a row needs at least one run")
        timeline = runs.last?.timeline
        self.strategy = strategy
        self.delay = delay
        self.codes = codes
        self.concurrency = concurrency
        concurrencyDelivered = runs.map(\.concurrency).min()!
        let elapsed = runs.map { BenchMath.rounded($0.elapsed, places: 3) }
        let median = BenchMath.rounded(BenchMath.median(elapsed)!, places: 3)
        let ideal = delay.map {
            BenchMath.rounded(
                BenchMath.idealSeconds(codes: codes, concurrency: concurrency, delay: $0), places: 3)
        }
        self.elapsed = elapsed
        self.median = median
        min = elapsed.min()!
        max = elapsed.max()!
        speedup = nil
        self.ideal = ideal
        efficiency = ideal.flatMap { BenchMath.efficiency(ideal: $0, measured: median) }.map {
            BenchMath.rounded($0, places: 3)
        }
        let clientCounts = runs.compactMap(\.maxInFlight)
        maxInFlight = clientCounts.count == runs.count ? clientCounts.max() : nil
        let serverCounts = runs.compactMap(\.serverMaxInFlight)
        serverMaxInFlight = serverCounts.count == runs.count ? serverCounts.max() : nil
        cpu = BenchMath.rounded(BenchMath.median(runs.map(\.cpu))!, places: 3)
        cpuPerWall = BenchMath.median(runs.compactMap { BenchMath.cpuPerWall(cpu: $0.cpu, wall: $0.wall) })
            .map { BenchMath.rounded($0, places: 2) }
        peakRSS = BenchMath.rounded(Double(runs.map(\.peakRSSKilobytes).max()!) / 1024, places: 1)
        ok = runs.map(\.ok).min()!
        notFound = runs.map(\.notFound).max()!
        errors = runs.map(\.errors).max()!
        self.debugBuild = debugBuild
        self.command = command
    }

    /// Sets ``speedup`` from the sequential median at the same delay.
    mutating func setSpeedup(baseline: Double) {
        speedup = BenchMath.speedup(baseline: baseline, measured: median).map {
            BenchMath.rounded($0, places: 2)
        }
    }

    /// The row's values by name, in column order: the one list the CSV and the JSON are written
    /// from.
    var fields: [(name: String, value: Cell)] {
        [
            ("strategy", .text(strategy.rawValue)),
            ("delay_s", delay.map(Cell.number) ?? .missing),
            ("codes", .integer(codes)),
            ("concurrency", .integer(concurrency)),
            ("concurrency_delivered", .integer(concurrencyDelivered)),
            ("repetitions", .integer(elapsed.count)),
            ("median_s", .number(median)),
            ("min_s", .number(min)),
            ("max_s", .number(max)),
            ("speedup", speedup.map(Cell.number) ?? .missing),
            ("ideal_s", ideal.map(Cell.number) ?? .missing),
            ("efficiency", efficiency.map(Cell.number) ?? .missing),
            ("max_in_flight", maxInFlight.map(Cell.integer) ?? .missing),
            ("server_max_in_flight", serverMaxInFlight.map(Cell.integer) ?? .missing),
            ("cpu_s", .number(cpu)),
            ("cpu_per_wall", cpuPerWall.map(Cell.number) ?? .missing),
            ("peak_rss_mb", .number(peakRSS)),
            ("ok", .integer(ok)),
            ("not_found", .integer(notFound)),
            ("errors", .integer(errors)),
            ("debug_build", .flag(debugBuild)),
            ("command", .text(command)),
        ]
    }
}

/// One timed run of one strategy.
struct Measurement: Sendable, Equatable {
    /// Seconds the downloads took: the client's own `elapsed_s`, or for curl the process's
    /// wall-clock time (curl has no clock of its own to report).
    var elapsed: Double
    /// Seconds from spawn to exit, as the bench measured them.
    var wall: Double
    /// User + system CPU seconds of the process.
    var cpu: Double
    /// Peak resident memory of the process, in kilobytes.
    var peakRSSKilobytes: Int
    /// The concurrency the strategy delivered.
    var concurrency: Int
    /// The client's own count of transfers in flight at once (`nil` for curl).
    var maxInFlight: Int?
    /// The server's count, when it offers `/_lab/stats`.
    var serverMaxInFlight: Int?
    var ok: Int
    var notFound: Int
    var errors: Int
    /// The client's own timeline of the run, when the bench asked for one (`--timeline`).
    var timeline: Timeline? = nil
}
