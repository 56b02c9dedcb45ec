import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A test client of `/_lab/events`: one connection, read on a thread of its own (never on the
/// cooperative pool the in-process server needs), its Server-Sent Events parsed as they arrive.
/// Tests wait for what they need (``waitUntil(_:)``); nothing here is timed.
final class EventStreamClient: Sendable {
    /// One event: its name (`snapshot`, `update`, `end`) and its `data` line.
    struct Event: Sendable {
        let name: String
        let data: String

        /// The data as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// What arrived so far.
    struct Received: Sendable {
        var status: Int?
        var headers: [String: String] = [:]
        /// The body of a response that is not a stream (an error's JSON).
        var body = ""
        var events: [Event] = []
        /// Comment lines (`: keep-alive`).
        var comments = 0
        /// The server closed the connection.
        var closed = false
    }

    private struct State {
        var raw: [UInt8] = []
        var received = Received()
        var waiters:
            [(condition: @Sendable (Received) -> Bool, continuation: CheckedContinuation<Void, Never>)] =
                []
    }

    private let state = Mutex(State())
    private let descriptor: Int32

    /// Connects to 127.0.0.1:`port` and asks for `target` (`/_lab/events?until_idle=1`), with
    /// `headers` (`Origin: …`) added.
    init(port: Int, target: String = "/_lab/events", headers: [String] = [], host: String = "127.0.0.1")
        throws
    {
        // The read timeout is a safety net, not a timer any test relies on: a stream silent for
        // 5 minutes is over.
        descriptor = try RawHTTPClient.connectedSocket(port: port, host: host)
        let request = Array(
            ("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
                + headers.map { "\($0)\r\n" }.joined() + "Connection: close\r\n\r\n").utf8)
        let sent = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else {
            close(descriptor)
            throw RawHTTPClient.Failure(description: "send: errno \(errno)")
        }
        let socket = descriptor
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { break }
                arrived(buffer[..<count])
            }
            arrived([], closed: true)
        }.start()
    }

    deinit {
        close(descriptor)
    }

    /// Leaves: shuts the connection down (the reading thread then ends).
    func leave() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// What arrived so far.
    var received: Received { state.withLock { $0.received } }

    /// Returns what arrived once `condition` holds for it (at once if it already does).
    @discardableResult
    func waitUntil(_ condition: @escaping @Sendable (Received) -> Bool) async -> Received {
        await withCheckedContinuation { continuation in
            let holds = state.withLock { state in
                if condition(state.received) { return true }
                state.waiters.append((condition, continuation))
                return false
            }
            if holds { continuation.resume() }
        }
        return received
    }

    /// Waits for the server to close the stream and returns everything it sent.
    func ended() async -> Received {
        await waitUntil { $0.closed }
    }

    private func arrived(_ bytes: ArraySlice<UInt8>, closed: Bool = false) {
        let ready = state.withLock { state in
            state.raw += bytes
            state.received = Self.parse(state.raw)
            state.received.closed = closed
            var ready: [CheckedContinuation<Void, Never>] = []
            state.waiters.removeAll { waiter in
                guard waiter.condition(state.received) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// Parses everything received so far: the head, the chunked body, the events in it.
    private static func parse(_ raw: [UInt8]) -> Received {
        var received = Received()
        guard let end = raw.firstRange(of: Array("\r\n\r\n".utf8)) else { return received }
        var lines = String(decoding: raw[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n")
        guard !lines.isEmpty else { return received }
        received.status = lines.removeFirst().split(separator: " ").dropFirst().first.flatMap { Int($0) }
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            received.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        var body: [UInt8] = []
        var rest = raw[end.upperBound...]
        if received.headers["transfer-encoding"] == "chunked" {
            // size CRLF data CRLF …, until a size of 0.
            while let lineEnd = rest.firstRange(of: Array("\r\n".utf8)),
                let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16),
                size > 0, rest[lineEnd.upperBound...].count >= size
            {
                body += rest[lineEnd.upperBound...].prefix(size)
                rest = rest[lineEnd.upperBound...].dropFirst(size + 2)
            }
        } else {
            body = Array(rest)
        }
        let text = String(decoding: body, as: UTF8.self)
        guard received.headers["content-type"]?.hasPrefix("text/event-stream") == true else {
            received.body = text
            return received
        }
        // Only whole events: each ends with a blank line.
        for block in text.components(separatedBy: "\n\n").dropLast() {
            var name = "message"
            var data: [String] = []
            for line in block.split(separator: "\n") {
                if line.hasPrefix(":") {
                    received.comments += 1
                } else if line.hasPrefix("event: ") {
                    name = String(line.dropFirst(7))
                } else if line.hasPrefix("data: ") {
                    data.append(String(line.dropFirst(6)))
                }
            }
            if !data.isEmpty { received.events.append(Event(name: name, data: data.joined(separator: "\n"))) }
        }
        return received
    }
}
