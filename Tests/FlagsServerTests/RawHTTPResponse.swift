/// One HTTP/1.1 response as it came off the wire.
struct RawHTTPResponse: Sendable {
    let status: Int
    /// Header fields, names lower-cased.
    let headers: [String: String]
    let body: [UInt8]

    /// The responses in `bytes`, one per entry of `methods` (a `HEAD` response has no body
    /// whatever its `Content-Length` says). Stops at the first thing that is not a response.
    static func parse(_ bytes: [UInt8], methods: [String]) -> [RawHTTPResponse] {
        parseCountingLeftover(bytes, methods: methods).responses
    }

    /// ``parse(_:methods:)``, and how many bytes were left after the last response.
    static func parseCountingLeftover(_ bytes: [UInt8], methods: [String]) -> (
        responses: [RawHTTPResponse], leftover: Int
    ) {
        var responses: [RawHTTPResponse] = []
        var rest = bytes[...]
        for method in methods {
            guard let end = rest.firstRange(of: Array("\r\n\r\n".utf8)) else { break }
            let head = String(decoding: rest[..<end.lowerBound], as: UTF8.self)
            var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
            guard !lines.isEmpty else { break }
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1])
            else {
                break
            }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].lowercased()
                headers[name] = trimmed(line[line.index(after: colon)...])
            }
            rest = rest[end.upperBound...]
            var length = rest.count
            if method == "HEAD" {
                length = 0
            } else if let declared = headers["content-length"].flatMap({ Int($0) }) {
                length = min(declared, rest.count)
            }
            responses.append(
                RawHTTPResponse(status: status, headers: headers, body: Array(rest.prefix(length))))
            rest = rest.dropFirst(length)
        }
        return (responses, rest.count)
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
