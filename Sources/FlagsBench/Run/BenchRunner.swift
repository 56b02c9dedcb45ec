import FlagsShared
import Foundation

/// Runs the bench: for each delay, one server; for each strategy and concurrency, warm-ups then
/// the measured runs, strictly one process at a time.
struct BenchRunner: Sendable {
    let settings: BenchSettings
    let progress: BenchProgress

    /// The rows, the servers used, whether they all gave their stats, and notes for the reader.
    struct Outcome: Sendable {
        var rows: [BenchRow] = []
        var servers: [String] = []
        var serverStats = true
        var notes: [String] = []
        /// The highest 1-minute load average seen before a measured run.
        var peakLoad = 0.0
    }

    func run() async throws -> Outcome {
        var outcome = Outcome()
        for delay in settings.server.delays {
            let server: ServerPoint
            switch settings.server {
            case .embedded:
                server = try await ServerPoint.embedded(delay: delay ?? ServerSetting.defaultDelay)
            case .external(let label, let baseURL, _):
                server = try await ServerPoint.external(label: label, baseURL: baseURL, delay: delay)
            }
            outcome.servers.append(server.summary)
            outcome.serverStats = outcome.serverStats && server.stats != nil
            do {
                try await runPoint(server, into: &outcome)
            } catch {
                await server.shutdown()
                throw error
            }
            await server.shutdown()
        }
        return outcome
    }

    /// Every strategy at every concurrency against one server; speedups relative to its
    /// sequential row.
    private func runPoint(_ server: ServerPoint, into outcome: inout Outcome) async throws {
        var rows: [BenchRow] = []
        for strategy in settings.strategies {
            for warmup in 0..<settings.warmups {
                let concurrency = settings.concurrencies(for: strategy).last!
                progress.show("\(strategy) -m \(concurrency): warm-up \(warmup + 1)/\(settings.warmups)")
                _ = try await measure(strategy, concurrency: concurrency, server: server)
            }
            for concurrency in settings.concurrencies(for: strategy) {
                var runs: [Measurement] = []
                var command = ""
                for repetition in 0..<settings.repetitions {
                    progress.show(
                        "\(strategy) -m \(concurrency): run \(repetition + 1)/\(settings.repetitions)")
                    outcome.peakLoad = max(outcome.peakLoad, MachineInfo.loadAverages().first ?? 0)
                    // The last run of a client row draws its timeline, when one is asked for.
                    let timeline =
                        settings.timelines && strategy.isClient && repetition == settings.repetitions - 1
                    let (measurement, line, said) = try await measure(
                        strategy, concurrency: concurrency, server: server, timeline: timeline)
                    runs.append(measurement)
                    command = line
                    for note in said where !outcome.notes.contains(note) { outcome.notes.append(note) }
                }
                let row = BenchRow(
                    strategy: strategy, delay: server.delay, codes: settings.codes.codes.count,
                    concurrency: concurrency, runs: runs, debugBuild: settings.debugBuild, command: command)
                if row.errors > 0 {
                    outcome.notes.append(
                        "\(strategy) at concurrency \(concurrency): up to \(Format.count(row.errors, "transfer")) failed in a run"
                    )
                }
                rows.append(row)
            }
        }
        if let baseline = rows.first(where: { $0.strategy == .sequential })?.median {
            for index in rows.indices { rows[index].setSpeedup(baseline: baseline) }
        }
        outcome.rows += rows
    }

    /// One run, on a thread of its own: reset the server's stats, run, read them back.
    ///
    /// - Returns: The measurement, the command line (for the report) and what the process said on
    ///   stderr that a reader should see.
    private func measure(
        _ strategy: BenchStrategy, concurrency: Int, server: ServerPoint, timeline: Bool = false
    ) async throws -> (Measurement, String, [String]) {
        let settings = settings
        return try await onOwnThread {
            let scratch = try ScratchDirectory()
            defer { scratch.remove() }
            _ = server.stats?.reset()
            var (measurement, command, said) =
                strategy == .curl
                ? try CurlProcess.run(
                    settings: settings, concurrency: concurrency, server: server, scratch: scratch)
                : try ClientProcess.run(
                    strategy, settings: settings, concurrency: concurrency, server: server, scratch: scratch,
                    timeline: timeline)
            measurement.serverMaxInFlight = server.stats?.maxInFlight()
            return (measurement, command, said)
        }
    }
}
