import Foundation

/// A minimal HTTP/1.1 client over a plain socket, for the bench's few control requests (reach
/// the server, reset and read `/_lab/stats`). Blocking: call it off Swift's cooperative pool.
///
/// The bench does not link libcurl (it measures the clients that do), and a dozen small
/// requests to a local server do not need more than this.
enum PlainHTTP {
    /// A response: the status code and the (de-chunked) body.
    struct Response: Sendable {
        var status: Int
        var body: [UInt8]
    }

    /// Sends `method url` with an empty body and `Connection: close`, and reads the response.
    ///
    /// - Throws: ``BenchError/serverUnreachable(_:reason:)`` when nothing answers within
    ///   `timeout` seconds, or the answer is not HTTP.
    static func request(_ method: String, _ url: String, timeout: Double = 3) throws -> Response {
        guard let parsed = URL(string: url), parsed.scheme == "http", let host = parsed.host else {
            throw BenchError.serverUnreachable(url, reason: "only http:// URLs are supported")
        }
        let port = parsed.port ?? 80
        let path = parsed.path.isEmpty ? "/" : parsed.path
        let fd = try connect(host: host, port: port, timeout: timeout, url: url)
        defer { close(fd) }
        let head =
            "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeMutableBytes {
                send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else {
                throw BenchError.serverUnreachable(url, reason: String(cString: strerror(errno)))
            }
            offset += sent
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        // Read to the end of the body: the server may keep the connection open despite `close`.
        while !isComplete(received) {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw BenchError.serverUnreachable(url, reason: String(cString: strerror(errno))) }
            if count == 0 { break }
            received.append(contentsOf: buffer[..<count])
        }
        return try parse(received, url: url)
    }

    private static let headEnd: [UInt8] = [13, 10, 13, 10]

    /// Whether `bytes` hold a whole response: headers, then `Content-Length` bytes or the last
    /// chunk. Without either, the body ends when the server closes the connection.
    private static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard let end = bytes.firstRange(of: headEnd) else { return false }
        let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).lowercased()
        let body = bytes.count - end.upperBound
        for line in head.split(separator: "\r\n") {
            if line.hasPrefix("content-length:"),
                let length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces))
            {
                return body >= length
            }
            if line.hasPrefix("transfer-encoding:") && line.contains("chunked") {
                return bytes[end.upperBound...].reversed().starts(with: Array("0\r\n\r\n".utf8).reversed())
            }
        }
        return false
    }

    private static func connect(host: String, port: Int, timeout: Double, url: String) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            throw BenchError.serverUnreachable(url, reason: String(cString: gai_strerror(resolved)))
        }
        defer { freeaddrinfo(list) }
        var reason = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = socket(
                address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            // On Linux SO_SNDTIMEO bounds connect() too, so nothing here can hang.
            var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return fd }
            reason = String(cString: strerror(errno))
            close(fd)
        }
        throw BenchError.serverUnreachable(url, reason: reason)
    }

    private static func parse(_ bytes: [UInt8], url: String) throws -> Response {
        guard let end = bytes.firstRange(of: headEnd) else {
            throw BenchError.serverUnreachable(url, reason: "the answer is not HTTP")
        }
        let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1])
        else {
            throw BenchError.serverUnreachable(url, reason: "the answer is not HTTP")
        }
        let chunked = lines.dropFirst().contains {
            $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked")
        }
        let body = Array(bytes[end.upperBound...])
        return Response(status: status, body: chunked ? dechunk(body) : body)
    }

    /// Joins the chunks of a `Transfer-Encoding: chunked` body.
    private static func dechunk(_ body: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < body.count {
            guard let lineEnd = body[index...].firstRange(of: [13, 10]) else { break }
            let sizeText = String(decoding: body[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16), size > 0 else {
                break
            }
            let start = lineEnd.upperBound
            let stop = min(start + size, body.count)
            result += body[start..<stop]
            index = stop + 2
        }
        return result
    }
}
