public import FlagsServer
import Glibc
import Logging
import Synchronization

/// Runs `body` with our real flag server listening as `configuration` says (quiet, silent), and
/// always stops it, whether `body` returns or throws. With no `root` in `configuration`, it
/// serves the repository's flags-data (``ReferenceFlags/root``).
///
/// The one way tests start a flag server; FlagsServerTests' `withFixtureServer` calls it with
/// the root of its planted-secrets fixture.
public func withFlagServer<T>(
    _ configuration: FlagServerConfiguration,
    _ body: (FlagServer) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.quiet = true
    configuration.root = configuration.root ?? ReferenceFlags.root
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
    return try await withFlagServer(FlagServerConfiguration(profile: profile, seed: seed), body)
}

/// A port on 127.0.0.1 where nothing listens, and nothing else can: a socket bound to it
/// (without SO_REUSEADDR) and never listening is kept open until the process ends, so a connect
/// is refused at once. A port that was bound and released could be taken by a server that a test
/// running beside starts, and a client meant to find nothing would find that server.
public func closedPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw ClosedPortError(step: "socket", code: errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
            bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
        }
    }
    guard bound else {
        let code = errno
        close(descriptor)
        throw ClosedPortError(step: "bind", code: code)
    }
    heldClosedPorts.withLock { $0.append(descriptor) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The descriptors behind `closedPort()`, held for the life of the test process.
private let heldClosedPorts = Mutex<[Int32]>([])

struct ClosedPortError: Error, CustomStringConvertible {
    let step: String
    let code: Int32
    var description: String { "closedPort: \(step) failed: \(String(cString: strerror(code)))" }
}
