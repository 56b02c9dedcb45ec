// The fault vocabulary, part one: what the lab can do to a request. How a fault is written
// (`503@10%`, `reset:mid-body`) and read back is in FaultRule.swift.
//
// Kept free of NIO and Hummingbird: `scripts/fuzz` compiles it standalone.

/// Something the server does instead of serving a request normally.
///
/// ``RequestPlanner`` picks at most one fault per request from the seed, the code and the attempt
/// number; the server acts it out, and a real client sees exactly the failure the name says.
public enum Fault: Sendable, Hashable {
    /// Answer with this status (400...599) and a short text body; `retryAfter` adds a
    /// `Retry-After` header of that many seconds.
    case status(Int, retryAfter: Int?)
    /// Reset the TCP connection (`RST`): before any byte of the response, or after the headers
    /// and half the body.
    case reset(ResetPoint)
    /// Accept the request and never answer, until the client gives up or the server stops.
    case stall
    /// Declare the whole body in `Content-Length`, send half of it, then close the connection.
    case truncatedBody
    /// Send the whole body, slowly.
    case slowBody(BodyPace)
    /// Answer `302 Found` with a `Location` for the same file: on this server, on another local
    /// port, in a loop, or on a host no client of this project follows.
    case redirect(RedirectTarget)

    /// `418 I'm a teapot`, as the ERROR server of Fluent Python answers.
    public static let teapot = Fault.status(418, retryAfter: nil)

    /// Where a ``reset(_:)`` cuts the connection.
    public enum ResetPoint: String, Sendable, Hashable, CaseIterable {
        /// Before any byte of the response: the client sees the connection reset.
        case beforeResponse = "before"
        /// After the headers and half the body: the client sees a reset mid-transfer.
        case midBody = "mid-body"
    }

    /// The seconds of `Retry-After` a status fault sends when none is given: 1 for 429 and 503
    /// (the statuses that invite a retry), none for the others.
    public static func defaultRetryAfter(status: Int) -> Int? {
        status == 429 || status == 503 ? 1 : nil
    }

    /// The name of the outcome this fault produces, as `/_lab/stats` and `/_lab/expect` show it.
    public var outcome: LabOutcome {
        switch self {
        case .status(let code, _): .status(code)
        case .reset(.beforeResponse): .reset
        case .reset(.midBody): .resetMidBody
        case .stall: .stall
        case .truncatedBody: .truncated
        case .slowBody: .slowBody
        case .redirect: .redirect
        }
    }
}

/// Where a ``Fault/redirect(_:)`` sends the client.
///
/// The `Location` is built from the route the request named (its two-letter code and file, which
/// the router has checked) and the server's own settings, never from the request's text: a client
/// can make the lab redirect nowhere it did not configure.
public enum RedirectTarget: Sendable, Hashable {
    /// The same file on this server, through a relative reference: `br.png?redirected`.
    case same
    /// The same file at `http://127.0.0.1:PORT`: another local server, or this one.
    case port(Int)
    /// Between two URLs of the same file: `br.png` answers `br.png?loop`, which answers
    /// `/flags/br/br.png`. Each hop is a request the planner decides afresh, so the loop is endless
    /// only when every request is redirected (`redirect:loop` without `@P`, or `--fail-with` it).
    case loop
    /// `http://outside.localhost:PORT/…`, with this server's port: a host the clients refuse
    /// (they follow only 127.0.0.0/8, `[::1]` and `localhost`). Had one followed it, it would
    /// still reach only this machine, since libcurl resolves `*.localhost` to loopback without
    /// asking a resolver, and this lab would count the request.
    case outside

    /// The ports a ``port(_:)`` redirect may name.
    public static let ports: ClosedRange<Int> = 1...65_535

    /// The `Location` to send for a request of `file` (`br.png`, `metadata.json`) of `code`
    /// (lower case).
    ///
    /// - Parameters:
    ///   - isLoopReturn: The request came with the query `loop` (the second URL of a loop).
    ///   - ownPort: The port this server listens on.
    public func location(code: String, file: String, isLoopReturn: Bool, ownPort: Int) -> String {
        switch self {
        case .same: "\(file)?redirected"
        case .port(let port): "http://127.0.0.1:\(port)/flags/\(code)/\(file)"
        case .loop: isLoopReturn ? "/flags/\(code)/\(file)" : "\(file)?loop"
        case .outside: "http://outside.localhost:\(ownPort)/flags/\(code)/\(file)"
        }
    }
}

/// How a slow body is sent.
public enum BodyPace: Sendable, Hashable {
    /// This many bytes per second (`slow:1` is one byte a second): pieces of a tenth of the rate
    /// (one byte at least), each after the pause that keeps the average at the rate.
    case bytesPerSecond(Int)
    /// The body cut into this many chunks of equal size, with a pause between two chunks.
    case chunks(Int, pause: Duration)

    /// The pieces to send and the pause before each piece after the first, for a body of `length`
    /// bytes: `(sizes, pause)`, the sizes adding up to `length`.
    ///
    /// For ``bytesPerSecond(_:)`` each piece of `size` bytes is followed by `size / rate` seconds:
    /// rate 8192 sends 819 bytes every 99.98 ms; rate 1 sends 1 byte a second.
    func pieces(of length: Int) -> (sizes: [Int], pause: Duration) {
        guard length > 0 else { return ([], .zero) }
        switch self {
        case .bytesPerSecond(let asked):
            // Clamped to the parser's range, so `size * 10⁹` cannot overflow whatever a caller built.
            let rate = min(
                max(asked, ServerLimits.bytesPerSecond.lowerBound), ServerLimits.bytesPerSecond.upperBound)
            let size = max(1, rate / 10)
            let count = (length + size - 1) / size
            let sizes = (0..<count).map { min(size, length - $0 * size) }
            return (sizes, .nanoseconds(Int64(size) * 1_000_000_000 / Int64(rate)))
        case .chunks(let count, let pause):
            let count = min(max(count, 1), length)
            let base = length / count
            let extra = length % count
            // The first `extra` chunks take one byte more, so nothing is lost to rounding.
            return ((0..<count).map { base + ($0 < extra ? 1 : 0) }, pause)
        }
    }
}
