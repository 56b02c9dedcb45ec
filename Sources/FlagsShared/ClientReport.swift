import Foundation

/// The `--json` object of `flags-seq`, `flags-pool` and `flags-async`: the clients write it on
/// stdout, the bench reads it back. One type, so the two can never drift apart.
///
/// On the wire: one line, snake-case keys in sorted order, slashes as they are. A run that could
/// not start (server unreachable, output not writable) carries `error` and only the fields
/// marked "always"; the others are then absent, not null.
public struct ClientReport: Codable, Sendable, Equatable {
    /// Always: the number of codes asked for.
    public var requested: Int
    /// Always.
    public var ok: Int
    /// Always.
    public var notFound: Int
    /// Always.
    public var errors: Int
    /// Always.
    public var cancelled: Int
    /// Always: requests made, retries and metadata included.
    public var attempts: Int
    /// Always: `sequential`, `pool` or `async`.
    public var strategy: String
    /// The base URL; absent only when a run could not start before it had one.
    public var server: String?
    /// Why the run could not start; absent when it ran.
    public var error: String?
    /// The client's own clock, around the strategy only (not process start-up), in seconds to
    /// the millisecond.
    public var elapsedS: Double?
    /// Transfers in flight at once, counted by the client around its calls to libcurl.
    public var maxInFlight: Int?
    /// The most the server saw in flight, when it is the embedded server.
    public var serverMaxInFlight: Int?
    /// The concurrency the strategy delivered (it may be less than asked: fewer codes, or a
    /// thread limit).
    public var concurrency: Int?
    public var serverLabel: String?
    /// Errors by kind (`http_418`, `reset`…).
    public var errorKinds: [String: Int]?
    public var failures: [Failure]?
    /// Whether every code asked for has exactly one result.
    public var balanced: Bool?
    /// `interrupted` or `deadline` when the run stopped before the end.
    public var stopped: String?

    /// The JSON keys. Spelled out rather than converted by the coders' snake-case strategies,
    /// which would also rewrite the keys of ``errorKinds`` when decoding (`http_418` → `http418`).
    enum CodingKeys: String, CodingKey {
        case requested, ok, errors, cancelled, attempts, strategy, server, error, concurrency
        case failures, balanced, stopped
        case notFound = "not_found"
        case elapsedS = "elapsed_s"
        case maxInFlight = "max_in_flight"
        case serverMaxInFlight = "server_max_in_flight"
        case serverLabel = "server_label"
        case errorKinds = "error_kinds"
    }

    /// One code that failed.
    public struct Failure: Codable, Sendable, Equatable {
        public var code: String
        public var kind: String
        public var reason: String

        public init(code: String, kind: String, reason: String) {
            self.code = code
            self.kind = kind
            self.reason = reason
        }
    }

    /// The report of a run that ran (to the end, or until stopped).
    public init(
        requested: Int, ok: Int, notFound: Int, errors: Int, cancelled: Int, attempts: Int,
        strategy: String, server: String, elapsedS: Double, maxInFlight: Int, serverMaxInFlight: Int?,
        concurrency: Int, serverLabel: String, errorKinds: [String: Int], failures: [Failure],
        balanced: Bool, stopped: String?
    ) {
        self.requested = requested
        self.ok = ok
        self.notFound = notFound
        self.errors = errors
        self.cancelled = cancelled
        self.attempts = attempts
        self.strategy = strategy
        self.server = server
        self.elapsedS = elapsedS
        self.maxInFlight = maxInFlight
        self.serverMaxInFlight = serverMaxInFlight
        self.concurrency = concurrency
        self.serverLabel = serverLabel
        self.errorKinds = errorKinds
        self.failures = failures
        self.balanced = balanced
        self.stopped = stopped
    }

    /// The report of a run that could not start: the counts are zero, and `error` says why.
    public init(error: String, strategy: String, requested: Int, server: String?) {
        self.requested = requested
        ok = 0
        notFound = 0
        errors = 0
        cancelled = 0
        attempts = 0
        self.strategy = strategy
        self.server = server
        self.error = error
    }

    /// The JSON line a client prints (without the newline).
    public var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain numbers and strings cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Decodes a client's stdout.
    ///
    /// - Returns: `nil` when it is not a client's JSON object.
    public static func parse(_ text: String) -> ClientReport? {
        try? JSONDecoder().decode(ClientReport.self, from: Data(text.utf8))
    }
}
