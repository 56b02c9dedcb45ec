import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The mock flag server: Fluent Python's `slow_server.py`, seeded, non-blocking and fast.
///
/// ```swift
/// let server = try await FlagServer.start(FlagServerConfiguration(profile: .delay))
/// print(server.baseURL)       // http://127.0.0.1:PORT/flags, PORT a free one
/// …                           // download from it
/// await server.shutdown()
/// ```
///
/// It serves `GET` and `HEAD` for `{baseURL}/{cc}/{cc}.png` and `{baseURL}/{cc}/metadata.json`
/// from memory, holds each response as the profile says, and answers everything else 404.
public final class FlagServer: Sendable {
    /// The configuration the server was started with.
    public let configuration: FlagServerConfiguration
    /// The port the server listens on (the one the system chose, if configured with `0`).
    public let port: Int
    /// The seed of this run: the configured one, or the random one picked at start.
    public let seed: UInt64
    /// The flags-data directory being served.
    public let root: String

    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let logger: Logger

    private init(
        configuration: FlagServerConfiguration,
        port: Int,
        seed: UInt64,
        root: String,
        group: ServiceGroup,
        running: Task<Void, any Error>,
        logger: Logger
    ) {
        self.configuration = configuration
        self.port = port
        self.seed = seed
        self.root = root
        self.group = group
        self.running = running
        self.logger = logger
    }

    /// The address the server listens on.
    public var host: String { configuration.host }

    /// The profile the server applies.
    public var profile: ServerProfile { configuration.profile }

    /// The base URL clients use: `http://127.0.0.1:PORT/flags`.
    public var baseURL: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(port)/flags"
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
        guard let root = configuration.root ?? FlagData.defaultRoot() else {
            throw FlagServerError.dataNotFound(searched: FlagData.searchSummary())
        }
        let data = try FlagData.load(root: root)
        let seed = configuration.seed ?? UInt64.random(in: .min ... .max)

        let responder = FlagResponder(
            catalog: FlagCatalog(data: data),
            planner: RequestPlanner(seed: seed, profile: configuration.profile),
            requestLog: configuration.quiet ? nil : logger
        )
        // Hummingbird's own start-up line repeats ours; keep its messages for debugging only.
        var frameworkLogger = logger
        if frameworkLogger.logLevel > .debug {
            frameworkLogger.logLevel = .warning
        }

        let (bound, boundContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                // Thousands of clients may connect at once (the async client's whole point).
                backlog: 4096
            ),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? configuration.port)
                boundContinuation.finish()
            },
            logger: frameworkLogger
        )
        var groupConfiguration = ServiceGroupConfiguration(services: [application], logger: frameworkLogger)
        // Requests still being delayed get this long to finish after shutdown() before they are cancelled.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(2)
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

        let server = FlagServer(
            configuration: configuration,
            port: port,
            seed: seed,
            root: root,
            group: group,
            running: running,
            logger: logger
        )
        let profile = configuration.profile
        logger.info(
            "\(profile.name) serving \(data.codes.count) flags at \(server.baseURL): \(profile.summary); seed \(seed)",
            metadata: ["root": "\(root)"]
        )
        return server
    }

    /// Stops the server: stops listening, lets requests in flight finish (delayed ones get up to
    /// 2 s), closes every connection, and returns when all of that is done.
    ///
    /// Calling it again, or concurrently, is harmless and returns when the server has stopped.
    public func shutdown() async {
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
