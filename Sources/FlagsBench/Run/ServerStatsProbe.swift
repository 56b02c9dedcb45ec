import Foundation

/// The server's own count of requests in flight, from the mock server's `/_lab/stats`
/// (`max_in_flight` since start or since `POST /_lab/reset`).
///
/// Only usable when both endpoints answer: without a reset before each run, the maximum would
/// cover earlier runs too. A server without them (an older `flags-server`, any other server)
/// gets "–" in the server column.
struct ServerStatsProbe: Sendable {
    /// `http://HOST:PORT`, the server's origin.
    let origin: String

    /// The stats of the server whose flags live under `baseURL` (`http://HOST:PORT/flags`).
    init?(baseURL: String) {
        guard let url = URL(string: baseURL), let scheme = url.scheme, let host = url.host else { return nil }
        let port = url.port.map { ":\($0)" } ?? ""
        origin = "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)\(port)"
    }

    /// Starts counting afresh; `false` when the server has no `/_lab/reset`.
    func reset() -> Bool {
        guard let response = try? PlainHTTP.request("POST", origin + "/_lab/reset") else { return false }
        return (200..<300).contains(response.status)
    }

    /// The most requests the server had in flight at once since the last reset, or `nil` when
    /// the server does not say.
    func maxInFlight() -> Int? {
        guard let response = try? PlainHTTP.request("GET", origin + "/_lab/stats"),
            response.status == 200,
            let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        else { return nil }
        return (object["max_in_flight"] as? NSNumber)?.intValue
    }

    /// Whether this server offers both endpoints (checked once per server).
    func isAvailable() -> Bool {
        reset() && maxInFlight() != nil
    }
}
