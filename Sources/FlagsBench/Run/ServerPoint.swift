import FlagsServer
import FlagsShared
import Logging

/// The server the runs of one delay point talk to: started inside the bench, or already
/// running elsewhere.
struct ServerPoint: Sendable {
    /// `http://HOST:PORT/flags`.
    let baseURL: String
    /// How long the server holds each response, in seconds, when known.
    let delay: Double?
    /// For the report: `embedded (0.5 s per response)`, `DELAY http://…`.
    let summary: String
    /// The server's own in-flight count, when it offers `/_lab/stats` and `/_lab/reset`.
    let stats: ServerStatsProbe?
    private let embedded: FlagServer?

    /// Starts a server inside the bench on a free loopback port, holding every response `delay`
    /// seconds. It shares the bench's CPU, but it is asynchronous and idle while it holds
    /// responses; the clients run in processes of their own.
    static func embedded(delay: Double) async throws -> ServerPoint {
        var profile = ServerProfile.delay
        profile.delay = .fixed(.nanoseconds(Int64((delay * 1e9).rounded())))
        let silent = Logger(label: "flags.bench.server") { _ in SwiftLogNoOpLogHandler() }
        let server: FlagServer
        do {
            server = try await FlagServer.start(
                FlagServerConfiguration(host: "127.0.0.1", port: 0, profile: profile, seed: 1, quiet: true),
                logger: silent)
        } catch {
            throw BenchError.serverFailed("\(error)")
        }
        let stats = ServerStatsProbe(baseURL: server.baseURL)
        let available = await onOwnThread { stats?.isAvailable() ?? false }
        return ServerPoint(
            baseURL: server.baseURL, delay: delay,
            summary: "embedded in flags-bench, \(Format.seconds(delay)) s per response",
            stats: available ? stats : nil, embedded: server)
    }

    /// A server that is already running; fails early when nothing answers there.
    static func external(label: String, baseURL: String, delay: Double?) async throws -> ServerPoint {
        let stats = ServerStatsProbe(baseURL: baseURL)
        let available = try await onOwnThread { () throws -> Bool in
            _ = try PlainHTTP.request("GET", baseURL + "/")  // any answer will do, even 404
            return stats?.isAvailable() ?? false
        }
        let known = delay.map { "\(Format.seconds($0)) s per response" } ?? "delay unknown"
        return ServerPoint(
            baseURL: baseURL, delay: delay, summary: "\(label) \(baseURL), \(known)",
            stats: available ? stats : nil, embedded: nil)
    }

    /// Stops the server if the bench started it.
    func shutdown() async {
        await embedded?.shutdown()
    }
}
