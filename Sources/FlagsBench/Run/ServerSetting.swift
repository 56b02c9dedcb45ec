import ArgumentParser
import FlagsServer

/// Which server the bench runs against, from `--server` and `--delay`.
enum ServerSetting: Sendable, Equatable {
    /// No `--server`: one server started inside the bench per delay (seconds).
    case embedded(delays: [Double])
    /// A running server: a label (LOCAL, DELAY, ERROR) on its usual port, or a base URL. The
    /// delay is known for labels, and for a URL only when `--delay` declares it.
    case external(label: String, baseURL: String, delay: Double?)

    /// The delay of the DELAY profile, the default.
    static let defaultDelay = 0.5

    /// - Throws: `ValidationError` for an unknown label, a URL that is not http, or several
    ///   delays with an external server (its delay is whatever it is).
    init(server: String?, delays: [Double]?) throws {
        guard let server else {
            self = .embedded(delays: delays ?? [Self.defaultDelay])
            return
        }
        if let delays, delays.count > 1 {
            throw ValidationError(
                "--delay with --server declares the server's delay: give one value (a list starts embedded servers, so leave out --server)"
            )
        }
        if let profile = ServerProfile.named(server) {
            self = .external(
                label: profile.name, baseURL: "http://127.0.0.1:\(profile.defaultPort)/flags",
                delay: delays?.first ?? Self.knownDelay(profile.delay))
        } else if server.hasPrefix("http://") {
            var url = server
            while url.hasSuffix("/") { url.removeLast() }
            self = .external(label: "URL", baseURL: url, delay: delays?.first)
        } else if server.contains(":") || server.contains("/") {
            // 127.0.0.1:8001/flags, localhost:8001…: a URL without its scheme.
            throw ValidationError(
                "--server: '\(server)' is neither a label nor a URL: did you mean http://\(server)?")
        } else {
            throw ValidationError(
                "--server: unknown server '\(server)': use \(Self.acceptedLabels), or a URL such as http://127.0.0.1:8001/flags"
            )
        }
    }

    /// Every label `--server` accepts, with its port: `LOCAL (:8000), …, RETRY (:8007)`.
    static var acceptedLabels: String {
        let stock = ServerProfile.all.map { "\($0.name) (:\($0.defaultPort))" }.joined(separator: ", ")
        let lab = ServerProfile.lab.map { "\($0.name) (:\($0.defaultPort))" }.joined(separator: ", ")
        return "\(stock), the fault lab's \(lab)"
    }

    /// The delay a profile holds every response, in seconds: known for a fixed delay, not for a
    /// random one (the ideal `ceil(N/m)·d` needs a single `d`).
    static func knownDelay(_ delay: ResponseDelay) -> Double? {
        guard case .fixed(let duration) = delay else { return nil }
        return Format.seconds(duration)
    }

    /// The delay points, in the order they are run (`nil`: unknown).
    var delays: [Double?] {
        switch self {
        case .embedded(let delays): delays
        case .external(_, _, let delay): [delay]
        }
    }
}
