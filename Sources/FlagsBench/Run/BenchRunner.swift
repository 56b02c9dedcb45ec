import FlagsShared
import Foundation

/// Runs the bench: for each delay, one server; for each strategy and concurrency, warm-ups then
/// the measured runs, strictly one process at a time. After a stop (Ctrl-C) it starts no more
/// runs and returns what was measured before the run in progress, which is dropped.
struct BenchRunner: Sendable {
    let settings: BenchSettings
    let progress: BenchProgress
    var stop = BenchStop()

    /// The rows, the servers used, whether they all gave their stats, and notes for the reader.
    struct Outcome: Sendable {
        var rows: [BenchRow] = []
        var servers: [String] = []
        var serverStats = true
        var notes: [String] = []
        /// The highest 1-minute load average seen before a measured run.
        var peakLoad = 0.0
        /// Set when a stop ended the bench early.
        var stopped = false
        /// The measured runs in ``rows``.
        var measuredRuns: Int { rows.reduce(0) { $0 + $1.elapsed.count } }
    }

    func run() async throws -> Outcome {
        var outcome = Outcome()
        for delay in settings.server.delays where !stop.isStopped {
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
        outcome.stopped = stop.isStopped
        return outcome
    }

    /// Every strategy at every concurrency against one server; speedups relative to its
    /// sequential row. After a stop, the rows measured so far (the last with the runs it has).
    private func runPoint(_ server: ServerPoint, into outcome: inout Outcome) async throws {
        var rows: [BenchRow] = []
        strategies: for strategy in settings.strategies {
            for warmup in 0..<settings.warmups {
                let concurrency = settings.concurrencies(for: strategy).last!
                progress.show("\(strategy) -m \(concurrency): warm-up \(warmup + 1)/\(settings.warmups)")
                guard
                    try await measureUnlessStopped(strategy, concurrency: concurrency, server: server) != nil
                else { break strategies }
            }
            for concurrency in settings.concurrencies(for: strategy) {
                var runs: [Measurement] = []
                var command = ""
                func row() -> BenchRow {
                    BenchRow(
                        strategy: strategy, delay: server.delay, codes: settings.codes.codes.count,
                        concurrency: concurrency, runs: runs, debugBuild: settings.debugBuild,
                        command: command)
                }
                for repetition in 0..<settings.repetitions {
                    progress.show(
                        "\(strategy) -m \(concurrency): run \(repetition + 1)/\(settings.repetitions)")
                    outcome.peakLoad = max(outcome.peakLoad, MachineInfo.loadAverages().first ?? 0)
                    // The last run of a client row draws its timeline, when one is asked for.
                    let timeline =
                        settings.timelines && strategy.isClient && repetition == settings.repetitions - 1
                    guard
                        let (measurement, line, said) = try await measureUnlessStopped(
                            strategy, concurrency: concurrency, server: server, timeline: timeline)
                    else {
                        if !runs.isEmpty { rows.append(row()) }
                        break strategies
                    }
                    runs.append(measurement)
                    command = line
                    for note in said where !outcome.notes.contains(note) { outcome.notes.append(note) }
                }
                let row = row()
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

    /// One run, unless the bench was stopped before it or during it (`nil`: the run is dropped).
    /// A client that exits 130 was interrupted by the Ctrl-C meant for the bench (the terminal
    /// sends it to both): that stops the bench too, whichever of the two notices first.
    private func measureUnlessStopped(
        _ strategy: BenchStrategy, concurrency: Int, server: ServerPoint, timeline: Bool = false
    ) async throws -> (Measurement, String, [String])? {
        guard !stop.isStopped else { return nil }
        do {
            let result = try await measure(
                strategy, concurrency: concurrency, server: server, timeline: timeline)
            return stop.isStopped ? nil : result
        } catch let error as BenchError where error.wasInterrupted {
            stop.stop()
            return nil
        } catch {
            // A run the stop ended fails in its own way (curl killed, a report cut short).
            if stop.isStopped { return nil }
            throw error
        }
    }

    /// One run, on a thread of its own: reset the server's stats, run, read them back.
    ///
    /// - Returns: The measurement, the command line (for the report) and what the process said on
    ///   stderr that a reader should see.
    private func measure(
        _ strategy: BenchStrategy, concurrency: Int, server: ServerPoint, timeline: Bool = false
    ) async throws -> (Measurement, String, [String]) {
        let settings = settings
        let stop = stop
        return try await onOwnThread {
            let scratch = try ScratchDirectory()
            stop.scratch(scratch.path)
            defer {
                stop.scratch(nil)
                scratch.remove()
            }
            _ = server.stats?.reset()
            var (measurement, command, said) =
                strategy == .curl
                ? try CurlProcess.run(
                    settings: settings, concurrency: concurrency, server: server, scratch: scratch, stop: stop
                )
                : try ClientProcess.run(
                    strategy, settings: settings, concurrency: concurrency, server: server, scratch: scratch,
                    timeline: timeline, stop: stop)
            measurement.serverMaxInFlight = server.stats?.maxInFlight()
            return (measurement, command, said)
        }
    }
}
