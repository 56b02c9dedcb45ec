import FlagsServer
import FlagsShared
import FlagsTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request whose body ends after its response was written: the server's responder does not
/// read the body of a GET, so the response can leave before the body has all arrived.
@Suite(.timeLimit(.minutes(5))) struct BodyAfterResponseTests {
    /// What one connection saw.
    private struct Exchange: Sendable {
        /// The response to the first half, if one came whole.
        var response: [UInt8]?
        var ending = RawHTTPClient.Ending.closed
    }

    @Test func theConnectionIsIdleOnceTheBodyEnds() async throws {
        // The header timeout is long: only the idle timeout can close the connection in the test.
        let configuration = FlagServerConfiguration(
            idleTimeout: .milliseconds(300), headerTimeout: .seconds(30))
        try await withFixtureServer(configuration) { server in
            let head = "GET /flags/br/metadata.json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n"
            // A new connection's idle clock starts at accept: a client thread descheduled for
            // longer than the timeout before it sends finds the connection cut (and counted as
            // idle), rightly. Such a try is counted and made again.
            var tries = 0
            var answered: Exchange?
            while answered == nil && tries < 20 {
                tries += 1
                let exchange = try await onOwnThread {
                    try Self.exchange(
                        port: server.port, first: Array((head + "12345").utf8), then: Array("67890".utf8))
                }
                if exchange.response != nil { answered = exchange }
            }
            let exchange = try #require(answered, "cut before every one of \(tries) requests arrived")
            #expect(RawHTTPResponse.parse(exchange.response ?? [], methods: ["GET"]).first?.status == 200)
            // Before the fix the connection stayed open with no timeout and was never counted as
            // cut: `cutIdle` was 0. That count is the regression check.
            #expect(server.stats.connections.cutIdle == tries)
            // And the client sees the close (a FIN: the server had read every byte it was sent).
            // In full-suite runs it once did not: other tests' child processes had inherited the
            // server's socket and kept it open (see PipedChild).
            #expect(exchange.ending == .closed)
            #expect(server.stats.connections.cutHeader == 0)
        }
    }

    /// Connects, sends `first`, reads one whole response (its head and `Content-Length` bytes),
    /// sends `then`, and reads until the server closes or resets the connection, or stays silent
    /// for 20 s.
    private static func exchange(port: Int, first: [UInt8], then second: [UInt8]) throws -> Exchange {
        let descriptor = try RawHTTPClient.connectedSocket(port: port, readTimeout: 20)
        defer { close(descriptor) }

        var exchange = Exchange()
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        /// Reads once: `false` when the connection ended (and `exchange.ending` says how).
        func read() -> Bool {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[..<count]
                return true
            }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                exchange.ending = .silence
            } else if count < 0 && errno == ECONNRESET {
                exchange.ending = .reset
            }
            return false
        }
        guard send(descriptor, first, first.count, Int32(MSG_NOSIGNAL)) == first.count else {
            return exchange
        }
        while Self.wholeResponseLength(received) == nil {
            guard read() else { return exchange }
        }
        exchange.response = received
        guard send(descriptor, second, second.count, Int32(MSG_NOSIGNAL)) == second.count else {
            return exchange
        }
        while read() {}
        return exchange
    }

    /// The length of the response at the start of `bytes` once it has all arrived.
    private static func wholeResponseLength(_ bytes: [UInt8]) -> Int? {
        guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).drop { $0 == " " }),
            (0...1_000_000).contains(length)
        else { return nil }
        return bytes.count >= end + length ? end + length : nil
    }
}
