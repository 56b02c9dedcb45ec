import ArgumentParser
import Dispatch
import FlagsCore
import FlagsServer
import FlagsShared
import Logging
import Synchronization

/// What every client does around its strategy: read the arguments, check the output directory,
/// find (or start) the server, print the report, choose the exit status. Only the strategy
/// differs between `flags-seq`, `flags-pool` and `flags-async`.
struct ClientRun: Sendable {
    /// The executable's name, for messages.
    let command: String
    /// The strategy's name, for `--json`.
    let strategy: String
    let arguments: DownloadArguments
    /// The concurrency used when `-m` is not given.
    let defaultConcurrency: Int

    /// What the strategy gets, once everything is checked and the server is up.
    struct Prepared: Sendable {
        let codes: [String]
        let downloader: FlagDownloader
        let observer: TerminalObserver
        let maxConcurrency: Int
        let serverLabel: String
        /// The server's fixed delay when known, for the timeline's ideal time.
        let serverDelay: Double?
        let embedded: FlagServer?
    }

    /// Runs a blocking strategy on the calling thread (the main thread: blocking it is fine).
    func runBlocking(_ strategy: (Prepared) throws -> Tally) throws {
        let prepared = try waitFor { try await prepare() }
        let started = ContinuousClock.now
        let tally = try reportingFailure(server: prepared.downloader.site.baseURL) {
            do {
                return try strategy(prepared)
            } catch {
                prepared.observer.end()  // no progress line ticking under the error message
                throw error
            }
        }
        let status = waitFor { await finish(prepared, tally: tally, started: started) }
        if status != ExitStatus.ok { throw ExitCode(status) }
    }

    /// Runs an async strategy. Ctrl-C and the deadline stop it through the run's signal, as they
    /// stop the blocking strategies: the async client ends the transfers in flight on it.
    func runAsync(_ strategy: @escaping @Sendable (Prepared) async throws -> Tally) async throws {
        let prepared = try await prepare()
        let started = ContinuousClock.now
        let tally = try await reportingAsyncFailure(server: prepared.downloader.site.baseURL) {
            do {
                return try await strategy(prepared)
            } catch {
                prepared.observer.end()
                throw error
            }
        }
        let status = await finish(prepared, tally: tally, started: started)
        if status != ExitStatus.ok { throw ExitCode(status) }
    }

    /// Everything before the first request; fails with a one-line message and exit status 1.
    ///
    /// Runs on Swift's cooperative pool: every blocking call (file system, libcurl) goes to a
    /// thread of its own with `onOwnThread`.
    private func prepare() async throws -> Prepared {
        // Up to 1,000 connections (and as many for an embedded server) need more descriptors than
        // the usual soft limit of 1,024.
        FileDescriptorLimit.raiseToHardLimit()
        let codes = try arguments.selectedCodes()
        let store = FlagStore(directory: arguments.output)
        try await reportingAsyncFailure(server: nil) { try await onOwnThread { try store.prepare() } }

        let label: String
        let site: FlagSite
        var embedded: FlagServer?
        var note: String? = nil
        switch try ServerChoice(arguments.server) {
        case .embedded:
            let server = try await reportingAsyncFailure(server: nil) { try await Self.startEmbeddedServer() }
            embedded = server
            label = server.profile.name
            site = try FlagSite(baseURL: server.baseURL)
            note = "embedded server, \(server.profile.summary); -s picks another"
        case .label(let name, let labelled):
            (label, site) = (name, labelled)
        case .url(let url):
            (label, site) = ("URL", url)
        }
        if embedded == nil {
            try await checkReachable(site, label: label)
            if arguments.serverStats {
                try await reportingAsyncFailure(server: site.baseURL) {
                    try await onOwnThread { try LabView.reset(site) }
                }
            }
        }

        let cancellation = CancellationSignal()
        let downloader = FlagDownloader(
            site: site,
            store: store,
            settings: arguments.downloadSettings,
            cancellation: cancellation,
            deadline: arguments.deadlineDuration.map { ContinuousClock.now.advanced(by: $0) },
            recorder: arguments.timeline == nil ? nil : TimelineRecorder()
        )
        let json = arguments.json
        let serverNote = note
        let gauge = downloader.gauge
        let observer = TerminalObserver(
            total: codes.count, verbose: arguments.verbose, json: json, inFlight: { gauge.current },
            header: { concurrency in
                Report.header(
                    serverLabel: label, serverURL: site.baseURL, serverNote: serverNote, codes: codes,
                    concurrency: concurrency)
            })
        StopSignals.install(cancellation: cancellation, deadline: arguments.deadline)
        return Prepared(
            codes: codes,
            downloader: downloader,
            observer: observer,
            maxConcurrency: arguments.maxConcurrency ?? defaultConcurrency,
            serverLabel: label,
            serverDelay: TimelineOutput.delay(of: embedded?.profile ?? ServerProfile.named(label)),
            embedded: embedded
        )
    }

    /// Prints the final report and stops the embedded server; returns the exit status.
    private func finish(_ prepared: Prepared, tally: Tally, started: ContinuousClock.Instant) async -> Int32 {
        let elapsed = started.duration(to: .now)
        prepared.observer.end()
        var serverMaxInFlight: Int? = nil
        if let embedded = prepared.embedded {
            serverMaxInFlight = embedded.stats.maxInFlight
        } else if arguments.serverStats {
            let site = prepared.downloader.site
            serverMaxInFlight = await onOwnThread { LabView.maxInFlight(site) }
        }
        let summary = RunSummary(
            strategy: strategy,
            serverLabel: prepared.serverLabel,
            serverURL: prepared.downloader.site.baseURL,
            concurrency: prepared.observer.concurrency,
            tally: tally,
            elapsed: elapsed,
            maxInFlight: prepared.downloader.gauge.maximum,
            serverMaxInFlight: serverMaxInFlight,
            stopReason: prepared.downloader.cancellation.reason
        )
        if arguments.json {
            Terminal.output(Report.json(summary))
        } else {
            Report.footer(summary, verbose: arguments.verbose).forEach(Terminal.output)
        }
        var status = summary.exitCode
        if let path = arguments.timeline {
            let timeline = TimelineOutput.timeline(
                startingAt: prepared.downloader.recorder.map { $0.seconds(started) } ?? 0, strategy: strategy,
                codes: prepared.codes.count, concurrency: prepared.observer.concurrency,
                server: prepared.serverLabel, serverDelay: prepared.serverDelay, elapsed: elapsed,
                cpuWork: arguments.cpuWork, attempts: prepared.observer.timeline)
            do {
                try await onOwnThread { try TimelineOutput.write(timeline, to: path) }
            } catch {
                Terminal.error("\(command): \(error)\n")
                if status == ExitStatus.ok { status = ExitStatus.someErrors }
            }
        }
        if !tally.isBalanced {
            Terminal.error(
                "\(command): BUG: \(tally.accounted) results for \(tally.requested) codes requested\n")
        }
        await prepared.embedded?.shutdown()
        return status
    }

    /// Fails early, with a hint, when nothing answers at the server's address.
    private func checkReachable(_ site: FlagSite, label: String) async throws {
        let connectTimeout = arguments.downloadSettings.client.connectTimeout
        do {
            try await onOwnThread {
                try BlockingClient.checkReachable(site.baseURL, connectTimeout: connectTimeout)
            }
        } catch {
            // The flags-server of this build (`.build/release/flags-server`), not `swift run`,
            // which would build and run a debug one.
            let server = BuildLocation.current().command("flags-server")
            let hint: String
            let what: String
            if label == "URL" {
                what = "the server at \(site.baseURL)"
                hint =
                    "start the mock server in another terminal (\(server)), or leave out --server to use an embedded one"
            } else {
                what = "the \(label) server at \(site.baseURL)"
                let serves = ServerProfile.all.contains { $0.name == label }
                hint = "start it in another terminal with: \(server)\(serves ? "" : " --profile \(label)")"
            }
            let message = "cannot reach \(what): \((error as? TransferError)?.message ?? "\(error)")"
            throw fail(message, hint: hint, server: site.baseURL)
        }
    }

    /// Says why the run cannot go on (stderr, and stdout too with `--json`) and gives the exit
    /// status to throw.
    private func fail(_ message: String, hint: String? = nil, server: String?) -> ExitCode {
        Terminal.error("\(command): \(message)\n" + (hint.map { "  → \($0)\n" } ?? ""))
        if arguments.json {
            let requested = (try? arguments.selectedCodes().count) ?? 0
            Terminal.output(
                Report.jsonError(message, strategy: strategy, requested: requested, server: server))
        }
        return ExitCode(ExitStatus.someErrors)
    }

    private static func startEmbeddedServer() async throws -> FlagServer {
        // The embedded server is silent: its log would interleave with the report.
        let silent = Logger(label: "flags.embedded-server") { _ in SwiftLogNoOpLogHandler() }
        let configuration = FlagServerConfiguration(host: "127.0.0.1", port: 0, profile: .delay, quiet: true)
        return try await FlagServer.start(configuration, logger: silent)
    }

    /// Prints a runtime error as one line on stderr (and as JSON with `--json`) and exits 1;
    /// usage errors keep exit 64.
    private func reportingFailure<T>(server: String?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exit as ExitCode {
            throw exit
        } catch let usage as UsageError {
            throw ValidationError(usage.message)
        } catch {
            throw fail("\(error)", server: server)
        }
    }

    private func reportingAsyncFailure<T>(server: String?, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch let usage as UsageError {
            throw ValidationError(usage.message)
        } catch {
            throw fail("\(error)", server: server)
        }
    }
}

/// Runs async work from synchronous code and waits for it. Only for threads outside Swift's
/// cooperative pool (the main thread of `flags-seq` and `flags-pool`), which may block.
private func waitFor<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let result: Result<T, any Error>
        do {
            result = .success(try await operation())
        } catch {
            result = .failure(error)
        }
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return try outcome.withLock { $0! }.get()
}

private func waitFor<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> T {
    // A non-throwing operation cannot fail.
    try! waitFor { () async throws -> T in await operation() }
}
