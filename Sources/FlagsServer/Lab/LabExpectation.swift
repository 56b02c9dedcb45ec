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
