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
        }
    }
}
