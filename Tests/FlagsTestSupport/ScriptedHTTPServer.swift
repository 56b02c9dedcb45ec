import Dispatch
import Foundation
import Synchronization

/// A small real HTTP/1.1 server on a loopback socket whose every answer a test scripts: normal
/// responses, and the faults our real server cannot make on demand (truncated bodies, resets,
/// stalls). One thread per connection, so a script may block (to hold responses at a barrier).
///
/// It also counts requests in flight, connections opened and connections the client closed.
public final class ScriptedHTTPServer: Sendable {
    /// What the server does with one request.
    public enum Reply: Sendable {
        /// A complete response; the connection stays open for the next request.
        case respond(status: Int, headers: [String: String] = [:], body: [UInt8] = [])
        /// Headers declaring `declared` bytes, then only `body`, then the connection closes.
        case truncated(declared: Int, body: [UInt8])
        /// The connection is reset (RST) without any answer.
        case reset
        /// No answer at all until the client gives up or the server stops.
        case stall
    }

    /// One request as received.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// How many requests this server had received before this one.
        public var index: Int
    }

    public let port: Int
    private let listener: Int32
    private let script: @Sendable (Request) -> Reply
    private let state = Mutex(State())
    private let connections = DispatchGroup()
    private let stopped = DispatchSemaphore(value: 0)
    /// Broadcast on every request and every connection close, for the `wait` methods.
    private let changed = NSCondition()

    private struct State {
        var requests = 0
        var inFlight = 0
        var maxInFlight = 0
        var opened = 0
        var closedByClient = 0
        var sockets: Set<Int32> = []
        var stopping = false
    }

    /// Starts listening on 127.0.0.1 on a free port.
    public init(script: @escaping @Sendable (Request) -> Reply) throws {
        self.script = script
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                bind(fd, sockaddrPointer, length) == 0 && listen(fd, 4096) == 0
                    && getsockname(fd, sockaddrPointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let acceptThread = Thread { [self] in acceptLoop() }
        acceptThread.start()
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:PORT/flags`.
    public var baseURL: String { "http://127.0.0.1:\(port)/flags" }
    public var requestCount: Int { state.withLock { $0.requests } }
    public var maxInFlight: Int { state.withLock { $0.maxInFlight } }
    public var inFlight: Int { state.withLock { $0.inFlight } }
    public var connectionsOpened: Int { state.withLock { $0.opened } }
    /// Connections the client closed (EOF or reset seen by the server).
    public var connectionsClosedByClient: Int { state.withLock { $0.closedByClient } }

    /// Waits until at least `count` requests arrived; `false` after `timeout`.
    public func waitForRequests(_ count: Int, timeout: Duration = .seconds(300)) -> Bool {
        wait(timeout: timeout) { $0.requests >= count }
    }

    /// Waits until the client closed at least `count` connections; `false` after `timeout`.
    public func waitForClientCloses(_ count: Int, timeout: Duration = .seconds(300)) -> Bool {
        wait(timeout: timeout) { $0.closedByClient >= count }
    }

    private func wait(timeout: Duration, until condition: (State) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.components.seconds))
        changed.lock()
        defer { changed.unlock() }
        while !state.withLock({ condition($0) }) {
            if !changed.wait(until: deadline) { return state.withLock { condition($0) } }
        }
        return true
    }

    private func announce() {
        changed.lock()
        changed.broadcast()
        changed.unlock()
    }

    /// Stops accepting, cuts every connection and waits for their threads. Idempotent.
    public func stop() {
        let sockets: Set<Int32>? = state.withLock { state in
            guard !state.stopping else { return nil }
            state.stopping = true
            return state.sockets
        }
        guard let sockets else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        for socket in sockets { shutdown(socket, Int32(SHUT_RDWR)) }
        stopped.wait()
        close(listener)
        connections.wait()
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                break
            }
            let accepted = state.withLock { state in
                guard !state.stopping else { return false }
                state.opened += 1
                state.sockets.insert(connection)
                return true
            }
            guard accepted else {
                close(connection)
                break
            }
            connections.enter()
            let thread = Thread { [self] in
                serve(connection)
                connections.leave()
            }
            thread.stackSize = 256 * 1024
            thread.start()
        }
        stopped.signal()
    }

    private func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        var closedByPeer = false
        defer {
            state.withLock { state in
                state.sockets.remove(fd)
                if closedByPeer { state.closedByClient += 1 }
            }
            close(fd)
            announce()
        }
        while true {
            guard let head = readHead(fd, &buffer) else {
                closedByPeer = !state.withLock { $0.stopping }
                return
            }
            let parts = head.split(separator: " ", maxSplits: 2).map(String.init)
            let index = state.withLock { state in
                defer {
                    state.requests += 1
                    state.inFlight += 1
                    state.maxInFlight = max(state.maxInFlight, state.inFlight)
                }
                return state.requests
            }
            announce()
            let reply = script(
                Request(method: parts.first ?? "", path: parts.count > 1 ? parts[1] : "", index: index))
            defer { state.withLock { $0.inFlight -= 1 } }
            switch reply {
            case .respond(let status, let headers, let body):
                var text = "HTTP/1.1 \(status) Scripted\r\nContent-Length: \(body.count)\r\n"
                for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
                    text += "\(name): \(value)\r\n"
                }
                guard sendAll(fd, Array((text + "\r\n").utf8) + body) else { return }
            case .truncated(let declared, let body):
                let text = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: \(declared)\r\n\r\n"
                _ = sendAll(fd, Array(text.utf8) + body)
                return
            case .reset:
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                return
            case .stall:
                closedByPeer = waitForPeerClose(fd)
                return
            }
        }
    }

    /// Reads up to the end of a request's headers; returns its first line, or nil at EOF.
    private func readHead(_ fd: Int32, _ buffer: inout [UInt8]) -> String? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = buffer.firstRange(of: terminator) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<end.upperBound)
                return head.split(separator: "\r\n").first.map(String.init) ?? ""
            }
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Blocks until the client closes the connection (true) or the server stops (false).
    private func waitForPeerClose(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        while true {
            let count = recv(fd, &byte, 1, 0)
            if count > 0 { continue }
            if count < 0 && errno == EINTR { continue }
            return !state.withLock { $0.stopping }
        }
    }
}
