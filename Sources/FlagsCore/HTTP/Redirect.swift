internal import CCurl

/// Where a redirect may lead, decided before anything is sent: a `Location` is followed only to
/// this machine.
///
/// The `Location` is resolved against the URL of the request that got it (so `br.png?x`,
/// `/flags/br/br.png` and `//host/x` mean what RFC 3986 says) by libcurl's own URL parser, the
/// one that reads the URL of the next request: the host checked here is the host curl would
/// connect to, whatever tricks the text holds (`http://evil@127.0.0.1/` goes to 127.0.0.1,
/// `http://2130706433/` is 127.0.0.1 written as a number).
///
/// Loopback means, after curl has normalised the host: an IPv4 address in 127.0.0.0/8, `[::1]`,
/// or the name `localhost` (which libcurl resolves to loopback itself, asking no resolver). Any
/// other name is refused, `*.localhost` and `localhost.` included, as are other spellings of
/// loopback such as `[::ffff:127.0.0.1]`: the rule is a property of the text, so no resolver's
/// behaviour can widen it, and no DNS query is ever made for a redirect's host.
enum Redirect {
    /// The statuses whose `Location` the clients follow (always with a `GET`).
    static let statuses: Set<Int> = [301, 302, 303, 307, 308]

    /// The longest `Location` considered; a longer one is unusable.
    static let maxLocationBytes = 4096

    /// What to do with one `Location`.
    enum Decision: Sendable, Equatable {
        /// Request this absolute URL next.
        case follow(String)
        /// The URL is well formed but leads elsewhere than this machine: never contacted.
        case refused(host: String, url: String)
        /// The text is no URL the client can use; `reason` says why.
        case unusable(reason: String)
    }

    /// Resolves `location` (the header's value, as sent) against `base` (the request's URL).
    static func decide(location: String, base: String) -> Decision {
        let bytes = location.utf8
        guard !bytes.isEmpty else { return .unusable(reason: "its Location header is empty") }
        guard bytes.count <= maxLocationBytes else {
            return .unusable(reason: "its Location is longer than \(maxLocationBytes) bytes")
        }
        // Printable ASCII without spaces: what a URL is on the wire. Curl would quietly encode a
        // space or a raw UTF-8 byte; a garbled header is better refused than guessed at.
        guard bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return .unusable(reason: "its Location \(printable(location)) holds spaces or non-ASCII bytes")
        }
        _ = curlGlobalInit
        guard let url = curl_url() else { return .unusable(reason: "curl_url failed (out of memory?)") }
        defer { curl_url_cleanup(url) }
        guard curl_url_set(url, CURLUPART_URL, base, 0) == CURLUE_OK else {
            return .unusable(reason: "the request's own URL \(printable(base)) does not parse")
        }
        let code = curl_url_set(url, CURLUPART_URL, location, 0)
        guard code == CURLUE_OK else {
            let why = String(cString: curl_url_strerror(code))
            return .unusable(reason: "its Location \(printable(location)) is not a URL (\(why))")
        }
        guard let resolved = part(url, CURLUPART_URL) else {
            return .unusable(reason: "its Location \(printable(location)) is not a URL")
        }
        let scheme = part(url, CURLUPART_SCHEME)?.lowercased()
        guard scheme == "http" || scheme == "https" else {
            return .unusable(reason: "its Location \(printable(resolved)) is not an http:// or https:// URL")
        }
        guard let host = part(url, CURLUPART_HOST), !host.isEmpty else {
            return .unusable(reason: "its Location \(printable(resolved)) names no host")
        }
        guard isLoopback(host: host) else { return .refused(host: host, url: resolved) }
        return .follow(resolved)
    }

    /// Whether `host`, as libcurl's URL parser gives it, is this machine (see ``Redirect``).
    static func isLoopback(host: String) -> Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower == "[::1]" { return true }
        let octets = lower.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in
            (1...3).contains(octet.utf8.count)
                && octet.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                && Int(octet).map { $0 <= 255 } == true
        }
    }

    /// `text` quoted for a report line: control and non-ASCII bytes escaped, at most 200 bytes.
    static func printable(_ text: String) -> String {
        var shown = ""
        for byte in text.utf8.prefix(200) {
            if (0x20...0x7E).contains(byte) && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "'") {
                shown.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                shown += (byte < 0x10 ? "\\x0" : "\\x") + String(byte, radix: 16, uppercase: true)
            }
        }
        return "'" + shown + (text.utf8.count > 200 ? "…'" : "'")
    }

    private static func part(_ url: OpaquePointer, _ which: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>? = nil
        guard curl_url_get(url, which, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
