public import FlagsTimeline

/// What happened to one code: its outcome, how many requests it took, and where it went.
public struct FlagResult: Sendable, Hashable {
    /// The country code, upper-case.
    public var code: String
    public var outcome: Outcome
    /// Requests made for this code, retries and metadata included.
    public var attempts: Int
    /// The URL of the last request made for this code.
    public var url: String
    /// The file name the flag was saved as, when it was.
    public var savedAs: String?
    /// The digest computed by `--cpu-work`, when it ran.
    public var checksum: String?
    /// The URLs redirects led to, in order (each one a request counted in `attempts`).
    public var redirects: [String]
    /// Its requests' phases, when the run records a timeline (`--timeline`).
    public var timeline: [TimelineAttempt] = []

    public init(
        code: String,
        outcome: Outcome,
        attempts: Int,
        url: String,
        savedAs: String? = nil,
        checksum: String? = nil,
        redirects: [String] = []
    ) {
        self.code = code
        self.outcome = outcome
        self.attempts = attempts
        self.url = url
        self.savedAs = savedAs
        self.checksum = checksum
        self.redirects = redirects
    }
}
