import HummingbirdCore
public import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The mock flag server: Fluent Python's `slow_server.py`, seeded, non-blocking and fast, and a
/// fault lab for HTTP clients.
///
/// ```swift
/// let server = try await FlagServer.start(FlagServerConfiguration(profile: .delay))
/// print(server.baseURL)       // http://127.0.0.1:PORT/flags, PORT a free one
/// …                           // download from it
/// print(server.stats.maxInFlight)
/// await server.shutdown()
/// ```
///
/// It serves `GET` and `HEAD` for `{baseURL}/{cc}/{cc}.png` and `{baseURL}/{cc}/metadata.json`
/// from memory, holds and fails each response as the profile says, answers everything else 404,
/// and offers its stats and controls under `/_lab/` (see ``labURL``).
public final class FlagServer: Sendable {
    /// The configuration the server was started with.
    public let configuration: FlagServerConfiguration
    /// The port the server listens on (the one the system chose, if configured with `0`).
    public let port: Int
    /// The seed of this run: the configured one, or the random one picked at start.
    public let seed: UInt64
    /// The flags-data directory being served.
    public let root: String

    private let lab: LabState
    private let catalog: FlagCatalog
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let logger: Logger

    private init(
        configuration: FlagServerConfiguration,
        port: Int,
        seed: UInt64,
        root: String,
        lab: LabState,
        catalog: FlagCatalog,
        group: ServiceGroup,
        running: Task<Void, any Error>,
        logger: Logger
    ) {
        self.configuration = configuration
        self.port = port
        self.seed = seed
        self.root = root
        self.lab = lab
        self.catalog = catalog
        self.group = group
        self.running = running
        self.logger = logger
    }

    /// The address the server listens on.
    public var host: String { configuration.host }

    /// The profile the server applies now (the configured one until ``setProfile(_:)``).
    public var profile: ServerProfile { lab.profile }

    /// The base URL clients use: `http://127.0.0.1:PORT/flags`.
    public var baseURL: String {
        "\(origin)/flags"
    }

    /// The lab's control endpoints: `http://127.0.0.1:PORT/_lab` (`/stats`, `/expect`, `/reset`,
    /// `/profile`, `/events`).
    public var labURL: String {
        "\(origin)/_lab"
    }

    /// The lab page, live in a browser: `http://127.0.0.1:PORT/_lab/`.
    public var labPageURL: String {
        "\(origin)/_lab/"
    }

    private var origin: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(port)"
    }

    /// What the server has done since it started or since ``resetStats()``: `GET /_lab/stats`.
    public var stats: LabStats { lab.stats }

    /// Zeroes attempts and stats, as `POST /_lab/reset` does, and returns the stats from before.
    @discardableResult
    public func resetStats() -> LabStats { lab.reset() }

    /// Applies `profile` from the next request on, as `PUT /_lab/profile` does; attempts and stats
    /// carry on.
    ///
    /// - Throws: ``FlagServerError`` (`invalidConfiguration`) if a value is out of range.
    func setProfile(_ profile: ServerProfile) throws(FlagServerError) {
        try profile.validate()
        lab.setProfile(profile)
    }

    /// What the `attempt`-th request for `resource` of `code` gets (the next one if `attempt` is
    /// `nil`), as `GET /_lab/expect` says.
    public func expectation(code: String, resource: FlagResource = .image, attempt: Int? = nil)
        -> LabExpectation?
    {
        let code = code.lowercased()
        guard let route = FlagRoute(path: "/flags/\(code)/" + resource.fileName(code: code)) else {
            return nil
        }
        let (planner, attempts) = lab.plannerAndAttempts()
        let slot = route.codeIndex * FlagResource.allCases.count + resource.ordinal
        let number = attempt ?? Int(attempts[slot]) + 1
        let plan = planner.plan(codeKey: route.codeKey, resource: resource, attempt: number)
        return LabExpectation(attempt: number, plan: plan, fileExists: catalog.file(route) != nil)
    }

    /// Returns once `condition` holds for the server's stats (at once if it already does): a way
    /// to wait for "3 requests in flight" or "nothing in flight" without polling. Cancelling the
    /// waiting task ends the wait (then the condition may not hold).
    public func waitUntil(_ condition: @escaping @Sendable (LabStats) -> Bool) async {
        await lab.waitUntil(condition)
    }

    /// Loads the flag data and starts serving it.
    ///
    /// Returns once the socket is bound and listening, so clients may connect at once.
    ///
    /// - Parameters:
    ///   - configuration: Where to listen, what to serve, how to misbehave.
    ///   - logger: Receives the start-up line (with the seed) at `info`, and unless
    ///     ``FlagServerConfiguration/quiet`` one `info` line per request. `nil` logs nothing.
    /// - Returns: The running server; call ``shutdown()`` when done with it.
    /// - Throws: ``FlagServerError``: no data (naming the command that builds it), port in use,
    ///   or a configuration value out of range.
    public static func start(_ configuration: FlagServerConfiguration, logger: Logger? = nil) async throws
        -> FlagServer
    {
        try configuration.validate()
        let logger = logger ?? Logger(label: "flags.server", factory: { _ in SwiftLogNoOpLogHandler() })
        // Finding and reading the data blocks on the file system: on NIO's thread pool, so the
        // cooperative pool (which runs every request of every server in the process) never waits.
        let configuredRoot = configuration.root
        let data = try await NIOThreadPool.singleton.runIfActive {
            guard let root = configuredRoot ?? FlagData.defaultRoot() else {
                throw FlagServerError.dataNotFound(searched: FlagData.searchSummary())
            }
            return try FlagData.load(root: root)
        }
        let root = data.root
        for problem in data.skipped {
            logger.warning("flags-data: skipped \(problem)")
        }
        let seed = configuration.seed ?? UInt64.random(in: .min ... .max)

        let lab = LabState(seed: seed, profile: configuration.profile)
        let catalog = FlagCatalog(data: data)
        let dates = HTTPDateCache()
        let responder = FlagResponder(
            responses: LoopResponses.ByLoop(
                data: data, group: MultiThreadedEventLoopGroup.singleton, fallback: catalog),
            lab: lab,
            control: LabControl(
                lab: lab, events: LabEvents(lab: lab, codes: catalog.codes),
                page: LabPage.response(codes: catalog.codes), catalog: catalog, dates: dates,
                fromAnyHost: configuration.labFromAnyHost,
                logger: logger),
            requestLog: configuration.quiet ? nil : logger
        )
        // Hummingbird's own messages are for debugging only.
        var frameworkLogger = logger
        if frameworkLogger.logLevel > .debug {
            frameworkLogger.logLevel = .warning
        }

        let (bound, boundContinuation) = AsyncStream.makeStream(of: Int.self)
        let channel = LabChannel(
            responder: { request, writer, channel, link in
                try await responder.respond(to: request, writer: writer, channel: channel, link: link)
            },
            configuration: configuration,
            lab: lab
        )
        let server = channel.server(
            configuration: ServerConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                // Thousands of clients may connect at once (the async client's whole point).
                backlog: 4096
            ),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? configuration.port)
                boundContinuation.finish()
            },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            logger: frameworkLogger
        )
        var groupConfiguration = ServiceGroupConfiguration(services: [server], logger: frameworkLogger)
        // Requests still in flight get this long to finish after shutdown() before they are cut.
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGrace
        let group = ServiceGroup(configuration: groupConfiguration)
        let running = Task {
            defer { boundContinuation.finish() }
            try await group.run()
        }

        var iterator = bound.makeAsyncIterator()
        guard let port = await iterator.next() else {
            // The server stopped before it listened: a bind error, or our caller was cancelled.
            if Task.isCancelled {
                await group.triggerGracefulShutdown()
                _ = await running.result
                throw CancellationError()
            }
            switch await running.result {
            case .failure(let error):
                throw listenError(error, configuration)
            case .success:
                throw FlagServerError.cannotListen(
                    host: configuration.host,
                    port: configuration.port,
                    reason: "the server stopped before it started listening"
                )
            }
        }

        let flagServer = FlagServer(
            configuration: configuration,
            port: port,
            seed: seed,
            root: root,
            lab: lab,
            catalog: catalog,
            group: group,
            running: running,
            logger: logger
        )
        let profile = configuration.profile
        // Debug: `flags-server` prints the same facts in its banner, once per server.
        logger.debug(
            "\(profile.name) serving \(data.codes.count) flags at \(flagServer.baseURL): \(profile.summary); seed \(seed)",
            metadata: ["root": "\(root)"]
        )
        return flagServer
    }

    /// Stops the server: stops listening, closes idle connections, lets requests in flight finish
    /// (up to ``FlagServerConfiguration/shutdownGrace``, 2 s by default, after which they are cut;
    /// stalled ones are cut at once), and returns when all of that is done.
    ///
    /// What it cut counts as ``LabOutcome/cutAtShutdown`` in ``stats``, never as delivered.
    ///
    /// Calling it again, or concurrently, is harmless and returns when the server has stopped.
    public func shutdown() async {
        // From here on, a response that is not written whole counts as cut, not as delivered.
        lab.beginShutdown()
        await group.triggerGracefulShutdown()
        if case .failure(let error) = await running.result {
            logger.debug("server stopped with an error", metadata: ["error": "\(error)"])
        }
    }

    /// A bind failure as an error a user can act on.
    private static func listenError(_ error: any Error, _ configuration: FlagServerConfiguration)
        -> FlagServerError
    {
        if let error = error as? IOError, error.errnoCode == EADDRINUSE {
            return .portInUse(host: configuration.host, port: configuration.port)
        }
        return .cannotListen(host: configuration.host, port: configuration.port, reason: "\(error)")
    }

    deinit {
        // A server dropped without shutdown() must not keep serving.
        running.cancel()
    }
}
