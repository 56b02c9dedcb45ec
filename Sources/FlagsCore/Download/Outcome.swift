/// How one requested flag ended. Every requested code ends in exactly one of these.
public enum Outcome: Sendable, Hashable {
    /// Downloaded, checked and saved.
    case ok
    /// The server answered 404.
    case notFound
    /// Anything that kept the flag from being saved.
    case failed(Failure)
    /// Stopped by Ctrl-C or the deadline before it finished (or before it started).
    case cancelled
}

/// Why a flag could not be saved: a kind to count by, and the details to show.
public struct Failure: Sendable, Hashable, CustomStringConvertible {
    public var kind: FailureKind
    public var detail: String

    public init(_ kind: FailureKind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? "\(kind)" : "\(kind): \(detail)" }
}

/// The error buckets of the report.
public enum FailureKind: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// An HTTP status other than 200 and 404.
    case httpStatus(Int)
    case timeout
    case refused
    case reset
    case truncated
    case tooLarge
    /// The body is not a PNG image (checked with `--verify`).
    case corrupt
    /// The file could not be written.
    case saveFailed
    /// A redirect that was not followed: past `--max-redirects`, without a usable `Location`, or
    /// to a host other than this machine.
    case redirect
    case other

    public var description: String {
        switch self {
        case .httpStatus(let status): "HTTP \(status)"
        case .timeout: "timeout"
        case .refused: "connection refused"
        case .reset: "connection reset"
        case .truncated: "truncated body"
        case .tooLarge: "too large"
        case .corrupt: "not a PNG"
        case .saveFailed: "save failed"
        case .redirect: "redirect not followed"
        case .other: "other"
        }
    }

    /// A stable lower-case key for JSON output (`http_418`, `timeout`, ...).
    public var key: String {
        switch self {
        case .httpStatus(let status): "http_\(status)"
        case .timeout: "timeout"
        case .refused: "refused"
        case .reset: "reset"
        case .truncated: "truncated"
        case .tooLarge: "too_large"
        case .corrupt: "corrupt"
        case .saveFailed: "save_failed"
        case .redirect: "redirect"
        case .other: "other"
        }
    }

    /// Failures that may go away if the same request is tried again.
    var isTransient: Bool {
        switch self {
        case .timeout, .reset, .truncated: true
        case .httpStatus(let status): [429, 500, 502, 503, 504].contains(status)
        case .refused, .tooLarge, .corrupt, .saveFailed, .redirect, .other: false
        }
    }

    init(_ kind: TransferError.Kind) {
        switch kind {
        case .refused: self = .refused
        case .timeout: self = .timeout
        case .reset: self = .reset
        case .truncated: self = .truncated
        case .tooLarge: self = .tooLarge
        default: self = .other
        }
    }
}
