public import FlagsServer
import Logging

/// Runs `body` with our real flag server listening as `configuration` says (quiet, silent), and
/// always stops it, whether `body` returns or throws.
public func withServer<T>(
    _ configuration: FlagServerConfiguration,
    _ body: (FlagServer) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.quiet = true
    let server = try await FlagServer.start(
        configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// Runs `body` with our real flag server on 127.0.0.1, a free port, serving the repository's
/// flags-data with the given delay and 418 rate.
public func withFlagServer<T>(
    delay: ResponseDelay = .zero,
    errorRate: Double = 0,
    seed: UInt64 = 42,
    _ body: (FlagServer) async throws -> T
) async throws -> T {
    let profile = ServerProfile(name: "TEST", defaultPort: 0, delay: delay, errorRate: errorRate)
    return try await withServer(
        FlagServerConfiguration(profile: profile, seed: seed, root: ReferenceFlags.root), body)
}

/// A port on 127.0.0.1 where nothing listens: bound then released.
public func closedPort() throws -> Int {
    let server = try ScriptedHTTPServer { _ in .stall }
    let port = server.port
    server.stop()
    return port
}
