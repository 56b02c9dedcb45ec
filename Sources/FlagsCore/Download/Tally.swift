/// The counts of a run: every requested code lands in exactly one bucket.
public struct Tally: Sendable, Equatable {
    /// A code that failed, with the reason.
    public struct FailedCode: Sendable, Equatable {
        public var code: String
        public var failure: Failure
    }

    public let requested: Int
    public private(set) var ok = 0
    public private(set) var notFound = 0
    public private(set) var cancelled = 0
    public private(set) var errorsByKind: [FailureKind: Int] = [:]
    /// The failed codes in the order their results arrived.
    public private(set) var failedCodes: [FailedCode] = []
    /// Requests made in all, retries and metadata included.
    public private(set) var attempts = 0

    public init(requested: Int) {
        self.requested = requested
    }

    public var errors: Int { errorsByKind.values.reduce(0, +) }

    /// How many codes have a result; equals `requested` when nothing was lost.
    public var accounted: Int { ok + notFound + errors + cancelled }

    public var isBalanced: Bool { accounted == requested }

    public mutating func record(_ result: FlagResult) {
        attempts += result.attempts
        switch result.outcome {
        case .ok: ok += 1
        case .notFound: notFound += 1
        case .cancelled: cancelled += 1
        case .failed(let failure):
            errorsByKind[failure.kind, default: 0] += 1
            failedCodes.append(FailedCode(code: result.code, failure: failure))
        }
    }
}
