import FlagsShared

@testable import FlagsBench

/// Fixed inputs for the tests that need no processes: runs, rows and a report.
enum Fixtures {
    static func run(
        elapsed: Double, wall: Double? = nil, cpu: Double = 0.05, rssKB: Int = 20_480, concurrency: Int = 20,
        inFlight: Int? = 20, server: Int? = nil, ok: Int = 20, notFound: Int = 0, errors: Int = 0
    ) -> Measurement {
        Measurement(
            elapsed: elapsed, wall: wall ?? elapsed + 0.05, cpu: cpu, peakRSSKilobytes: rssKB,
            concurrency: concurrency, maxInFlight: inFlight, serverMaxInFlight: server, ok: ok,
            notFound: notFound, errors: errors)
    }

    static func row(
        _ strategy: BenchStrategy, concurrency: Int, medians: [Double], delay: Double? = 0.5, codes: Int = 20,
        debug: Bool = false
    ) -> BenchRow {
        BenchRow(
            strategy: strategy, delay: delay, codes: codes, concurrency: concurrency,
            runs: medians.map {
                run(
                    elapsed: $0, concurrency: Swift.min(concurrency, codes),
                    inFlight: Swift.min(concurrency, codes))
            },
            debugBuild: debug, command: "\(strategy.executable) -m \(concurrency)")
    }

    /// A sweep over 194 codes: sequential, then pool, async and curl at 1, 10 and 100.
    static func sweepRows(delay: Double? = 0.5) -> [BenchRow] {
        var rows = [row(.sequential, concurrency: 1, medians: [97.2, 97.1, 97.4], delay: delay, codes: 194)]
        for strategy in [BenchStrategy.pool, .async, .curl] {
            for concurrency in [1, 10, 100] {
                let base = 97.0 / Double(concurrency) + (strategy == .pool ? 0.05 : 0.02)
                rows.append(
                    row(
                        strategy, concurrency: concurrency, medians: [base, base + 0.01, base + 0.03],
                        delay: delay, codes: 194))
            }
        }
        if let baseline = rows.first?.median {
            for index in rows.indices { rows[index].setSpeedup(baseline: baseline) }
        }
        return rows
    }

    /// Rows as a sweep gives them: for each delay, sequential once, then each strategy at each
    /// concurrency, every median a little above the ideal time.
    static func sweep(
        codes: Int, concurrencies: [Int], delays: [Double],
        strategies: [BenchStrategy] = [.sequential, .pool, .async, .curl]
    ) -> [BenchRow] {
        var all: [BenchRow] = []
        for delay in delays {
            var rows: [BenchRow] = []
            for strategy in strategies {
                for concurrency in strategy == .sequential ? [1] : concurrencies {
                    let ideal = BenchMath.idealSeconds(codes: codes, concurrency: concurrency, delay: delay)
                    let base = ideal + 0.01 + 0.002 * Double(strategies.firstIndex(of: strategy) ?? 0)
                    rows.append(
                        row(
                            strategy, concurrency: concurrency, medians: [base, base + 0.004, base + 0.02],
                            delay: delay, codes: codes))
                }
            }
            if let baseline = rows.first(where: { $0.strategy == .sequential })?.median {
                for index in rows.indices { rows[index].setSpeedup(baseline: baseline) }
            }
            all += rows
        }
        return all
    }

    static func settings(codes: Int = 194, delays: [Double] = [0.5]) -> BenchSettings {
        let list = try! CodeSelection([], every: true, limit: codes)
        return BenchSettings(
            codes: list, selectionArguments: ["--every", "--limit", String(codes)],
            server: .embedded(delays: delays), concurrencies: [1, 10, 100],
            strategies: [.sequential, .pool, .async, .curl], repetitions: 3, warmups: 1, cpuWork: 0,
            timeout: 10,
            binDirectory: "/nowhere", debugBuild: false, curlPath: "/usr/bin/curl")
    }

    static func report(rows: [BenchRow], serverStats: Bool = false, debug: Bool = false) -> BenchReport {
        BenchReport(
            date: "2025-01-01T00:00:00Z",
            machine: MachineInfo(
                hostname: "test & <host>", cores: 2, cpuModel: "Test CPU", kernel: "Linux 6.1",
                loadAverage: [0.1, 0.2, 0.3]),
            debugBuild: debug, servers: ["embedded in flags-bench, 0.5 s per response"],
            serverStats: serverStats,
            curlVersion: "curl 8.0", rows: rows, notes: [], settings: settings(codes: rows.first?.codes ?? 20)
        )
    }
}
