import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A deliberately dumb HTTP/1.1 client: it sends exactly the bytes it is given (no
/// normalisation of `..` or percent escapes, as curl would do) and returns every byte the server
/// sends back until it closes the connection.
enum RawHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends `request` to 127.0.0.1:`port`, half-closes, and reads until the server closes.
    ///
    /// The socket work blocks, so it runs on a thread of its own: never on the cooperative pool
    /// the server's tasks need, nor on Dispatch's global queue, which on Linux shares its small
    /// pool of threads with Swift concurrency.
    static func exchange(_ request: [UInt8], port: Int) async throws -> [UInt8] {
        try await session(request, port: port).bytes
    }

    /// How a ``session(_:port:host:halfClose:)`` ended.
    enum Ending: Sendable, Equatable {
        /// The server closed the connection (`FIN`).
        case closed
        /// The server reset the connection (`RST`).
        case reset
        /// Nothing came for 20 s: the server kept the connection open.
        case silence
    }

    /// Everything one connection received, and when.
    struct Session: Sendable {
        var bytes: [UInt8] = []
        var ending = Ending.closed
        /// When the end of the first response head (`\r\n\r\n`) arrived, from just before connecting.
        var headAt: Duration?
        /// When the last byte arrived.
        var lastByteAt: Duration?
    }

    /// Sends `request` (which may be empty) to `host`:`port`, half-closes if asked, and reads
    /// until the server closes or resets the connection, or stays silent for 20 s.
    static func session(_ request: [UInt8], port: Int, host: String = "127.0.0.1", halfClose: Bool = true)
        async throws -> Session
    {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        try sessionBlocking(request, port: port, host: host, halfClose: halfClose)
                    })
            }
            thread.start()
        }
    }

    /// A request for `target` with `method`, asking the server to close the connection after it.
    static func request(_ method: String = "GET", _ target: [UInt8], close: Bool = true) -> [UInt8] {
        Array("\(method) ".utf8) + target + Array(" HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)
            + Array((close ? "Connection: close\r\n\r\n" : "\r\n").utf8)
    }

    /// `request(method, target)` for a target given as text.
    static func request(_ method: String = "GET", _ target: String, close: Bool = true) -> [UInt8] {
        request(method, Array(target.utf8), close: close)
    }

    /// Sends one request and parses the one response.
    static func fetch(_ method: String = "GET", _ target: String, port: Int) async throws -> RawHTTPResponse {
        let bytes = try await exchange(request(method, target), port: port)
        guard let response = RawHTTPResponse.parse(bytes, methods: [method]).first else {
            throw Failure(description: "no response to \(method) \(target)")
        }
        return response
    }

    /// A blocking TCP socket connected to `host`:`port` whose reads give up after `readTimeout`
    /// seconds of silence; closed again if the connect fails.
    static func connectedSocket(port: Int, host: String = "127.0.0.1", readTimeout: Int = 300) throws -> Int32
    {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        // A connect to a listening loopback port completes in the kernel, without waiting.
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(description: "connect to port \(port): errno \(code)")
        }
        return descriptor
    }

    private static func sessionBlocking(_ request: [UInt8], port: Int, host: String, halfClose: Bool) throws
        -> Session
    {
        let clock = ContinuousClock()
        let start = clock.now
        // Never hang a test: give up reading after 5 minutes of silence. Only a safety net: no
        // test expects silence, and a busy machine may take many seconds to answer.
        let descriptor = try connectedSocket(port: port, host: host)
        defer { close(descriptor) }

        var sent = 0
        while sent < request.count {
            // MSG_NOSIGNAL: a server that hangs up early must not kill the test process with SIGPIPE.
            let count = request[sent...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            // The server may answer and close early (a bad request): stop sending, keep what it said.
            guard count > 0 else { break }
            sent += count
        }
        if halfClose {
            shutdown(descriptor, Int32(SHUT_WR))
        }

        var session = Session()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                session.bytes += buffer[..<count]
                session.lastByteAt = clock.now - start
                if session.headAt == nil, session.bytes.firstRange(of: Array("\r\n\r\n".utf8)) != nil {
                    session.headAt = clock.now - start
                }
                continue
            }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                session.ending = .silence
            } else if count < 0 && errno == ECONNRESET {
                session.ending = .reset
            }
            break
        }
        return session
    }
}
