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
    public var attemptsByFile: [String: [String: Int]]
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
