/// What a request ended as, from the server's side: the keys of `by_outcome` in `/_lab/stats`
/// and the `outcome` of each code in `/_lab/expect`.
///
/// A response counts as its planned outcome (`ok`, `http_503`, `slow_body`…) only once its last
/// byte was written to the socket; one that was not ends as ``clientGone`` or ``cutAtShutdown``.
public enum LabOutcome: Sendable, Hashable, CustomStringConvertible {
    /// `200`: the file, whole (possibly after an injected latency).
    case ok
    /// `404`: no such flag, or a path that names nothing.
    case notFound
    /// `405`: a method other than `GET` or `HEAD` on a flag's file.
    case methodNotAllowed
    /// `503` with `Retry-After`, because `max-in-flight` requests were already in flight.
    case overloaded
    /// A status fault: `http_418`, `http_503`…
    case status(Int)
    /// The connection was reset before any byte of the response.
    case reset
    /// The connection was reset after the headers and part of the body.
    case resetMidBody
    /// No answer, until the client gave up or the server stopped.
    case stall
    /// Fewer body bytes than `Content-Length` declared, then the connection closed.
    case truncated
    /// The whole body, slowly.
    case slowBody
    /// `302 Found` with a `Location` (a redirect fault).
    case redirect
    /// The client left (closed the connection, or its side of it) before the last byte of the
    /// response was written: whatever was planned, it was not delivered.
    case clientGone
    /// The server stopped before the last byte was written: the response was cut at shutdown.
    case cutAtShutdown

    /// The name used in JSON: `ok`, `not_found`, `http_503`, `reset_mid_body`…
    public var description: String {
        switch self {
        case .ok: "ok"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .overloaded: "overloaded"
        case .status(let code): "http_\(code)"
        case .reset: "reset"
        case .resetMidBody: "reset_mid_body"
        case .stall: "stall"
        case .truncated: "truncated"
        case .slowBody: "slow_body"
        case .redirect: "redirect"
        case .clientGone: "client_gone"
        case .cutAtShutdown: "cut_at_shutdown"
        }
    }
}
