/// What a server has done since it started or since its stats were last reset: the body of
/// `GET /_lab/stats`.
///
/// Requests to `/_lab/*` are not counted. The JSON keys are the snake-case names in
/// ``CodingKeys``.
public struct LabStats: Sendable, Equatable, Codable {
    /// The profile being applied now.
    public var profile: String
    /// The seed of this run.
    public var seed: UInt64
    /// Requests answered or being answered (every path but `/_lab/*`).
    public var requests: Int
    /// Requests being answered now.
    public var inFlight: Int
    /// The most requests in flight at once.
    public var maxInFlight: Int
    /// Finished requests by outcome name (``LabOutcome``): `ok`, `not_found`, `http_503`…; a
    /// response not written whole counts as `client_gone` or `cut_at_shutdown` instead.
    public var byOutcome: [String: Int]
    /// Requests per upper-case country code, both files added up (only codes requested).
    public var attempts: [String: Int]
    /// Requests per file (`image`, `metadata`) and code: the attempt numbers the planner uses.
    var attemptsByFile: [String: [String: Int]]
    /// What happened to connections.
    public var connections: ConnectionStats

    enum CodingKeys: String, CodingKey {
        case profile, seed, requests, attempts, connections
        case inFlight = "in_flight"
        case maxInFlight = "max_in_flight"
        case byOutcome = "by_outcome"
        case attemptsByFile = "attempts_by_file"
    }

    /// The count of one outcome (0 if none).
    public subscript(outcome: LabOutcome) -> Int {
        byOutcome[outcome.description] ?? 0
    }
}

/// What one request will get: an entry of `GET /_lab/expect`.
public struct LabExpectation: Sendable, Equatable, Codable {
    /// The attempt this expectation is for (1 for a code's first request).
    public var attempt: Int
    /// The outcome name (``LabOutcome``): `ok`, `not_found`, `http_503`, `reset`…
    public var outcome: String
    /// The status in the response's headers, or `nil` when none is sent (reset before the
    /// response, stall).
    public var status: Int?
    /// The `Retry-After` seconds sent, if any.
    public var retryAfter: Int?
    /// Seconds before anything is sent.
    public var delay: Double
    /// Seconds between the headers and the body.
    public var bodyDelay: Double

    enum CodingKeys: String, CodingKey {
        case attempt, outcome, status
        case retryAfter = "retry_after_s"
        case delay = "delay_s"
        case bodyDelay = "body_delay_s"
    }

    /// The expectation for `plan`, for a file that exists or not.
    init(attempt: Int, plan: RequestPlan, fileExists: Bool) {
        self.attempt = attempt
        outcome = plan.outcome(fileExists: fileExists).description
        switch plan.fault {
        case .status(let code, let retryAfter)?:
            status = code
            self.retryAfter = retryAfter
        case .reset(.beforeResponse)?, .stall?:
            status = nil
        case .redirect?:
            status = 302
        case .reset(.midBody)?, .truncatedBody?, .slowBody?, nil:
            status = fileExists ? 200 : 404
        }
        delay = Double(plan.delay.nanoseconds) / 1e9
        bodyDelay = Double(plan.bodyDelay.nanoseconds) / 1e9
    }
}
