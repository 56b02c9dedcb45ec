/// Why a transfer produced no HTTP response we can use.
///
/// Curl's result codes become one of a few kinds a user can act on; the message keeps curl's own
/// words ("Failed to connect to 127.0.0.1 port 8001 after 0 ms: Connection refused").
public struct TransferError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, without the details.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: Sendable, Hashable {
            case refused, timeout, reset, truncated, tooLarge, cancelled, other
        }
        private let code: Code
        private init(_ code: Code) { self.code = code }

        /// Nothing listens at the address, or it could not be reached.
        public static let refused = Kind(.refused)
        /// The connection or the whole transfer took longer than allowed.
        public static let timeout = Kind(.timeout)
        /// The server closed or reset the connection before answering completely.
        public static let reset = Kind(.reset)
        /// The body ended before the length the server declared.
        public static let truncated = Kind(.truncated)
        /// The body is longer than the size limit.
        public static let tooLarge = Kind(.tooLarge)
        /// The transfer was stopped on purpose (Ctrl-C, deadline, task cancellation).
        public static let cancelled = Kind(.cancelled)
        /// Anything else curl reports.
        public static let other = Kind(.other)

        public var description: String {
            switch code {
            case .refused: "connection refused"
            case .timeout: "timeout"
            case .reset: "connection reset"
            case .truncated: "truncated body"
            case .tooLarge: "too large"
            case .cancelled: "cancelled"
            case .other: "transfer failed"
            }
        }
    }

    public let kind: Kind
    /// Curl's message, or ours when we detected the problem.
    public let message: String
    /// How far the transfer got before it failed (for `--timeline`); not part of equality.
    public internal(set) var timing: TransferTiming?

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.kind == rhs.kind && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(message)
    }

    public var description: String { "\(kind): \(message)" }
}
