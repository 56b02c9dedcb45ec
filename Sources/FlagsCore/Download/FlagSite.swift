public import FlagsShared

/// Where the flags are: a base URL under which each flag lives at `{base}/{cc}/{cc}.png`.
public struct FlagSite: Sendable, Hashable, CustomStringConvertible {
    /// The base URL without a trailing slash, e.g. `http://127.0.0.1:8001/flags`.
    public let baseURL: String

    /// - Throws: `UsageError` unless `baseURL` is an absolute `http` or `https` URL with a host.
    public init(baseURL: String) throws(UsageError) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        let lower = url.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lower.hasPrefix($0) }) else {
            throw UsageError(
                "'\(baseURL)' is not a server label or an http:// URL (try LOCAL, DELAY, ERROR or http://127.0.0.1:8001/flags)"
            )
        }
        let rest = url.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@").last.map(String.init) ?? ""
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._:[]%")
        guard !hostAndPort.isEmpty, !hostAndPort.hasPrefix(":"), hostAndPort.allSatisfy(allowed.contains)
        else {
            throw UsageError("'\(baseURL)' has no valid host (expected e.g. http://127.0.0.1:8001/flags)")
        }
        if let colon = hostAndPort.lastIndex(of: ":"), !hostAndPort.hasSuffix("]") {
            let port = hostAndPort[hostAndPort.index(after: colon)...]
            guard let number = Int(port), (1...65535).contains(number) else {
                throw UsageError("'\(baseURL)' has an invalid port '\(port)' (expected 1-65535)")
            }
        }
        guard !rest.contains(where: { $0 == " " || $0 == "?" || $0 == "#" }) else {
            throw UsageError("'\(baseURL)' must be a plain base URL, without spaces, query or fragment")
        }
        self.baseURL = url
    }

    /// The image URL for `code` (`BR` → `{base}/br/br.png`).
    public func imageURL(for code: String) -> String {
        let cc = code.lowercased()
        return "\(baseURL)/\(cc)/\(cc).png"
    }

    /// The metadata URL for `code` (`BR` → `{base}/br/metadata.json`).
    public func metadataURL(for code: String) -> String {
        "\(baseURL)/\(code.lowercased())/metadata.json"
    }

    /// A URL on the same server outside the flags' base path (`/_lab/stats` → `http://host:port/_lab/stats`).
    public func serverURL(path: String) -> String {
        let scheme = baseURL.hasPrefix("https://") ? "https://" : "http://"
        let authority = baseURL.dropFirst(scheme.count).prefix { $0 != "/" }
        return "\(scheme)\(authority)\(path)"
    }

    public var description: String { baseURL }
}
