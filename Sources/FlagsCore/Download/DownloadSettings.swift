/// How each flag is fetched: the same for every strategy.
public struct DownloadSettings: Sendable, Equatable {
    public var client: ClientOptions
    /// Extra attempts after a transient failure (timeouts, resets, truncation, 429, 5xx gateways).
    public var retries: Int
    /// Check that each body is a PNG before saving it.
    public var verifyPNG: Bool
    /// Fetch `metadata.json` too and save the flag under the country's name.
    public var useCountryNames: Bool
    /// The first retry waits about this long; each further one twice as long, up to `maxBackoff`.
    public var backoff: Duration
    public var maxBackoff: Duration
    /// The longest `Retry-After` honoured (`--max-retry-after`). A server asking for more fails
    /// that request at once, with the wait it asked for as the reason, and holds nothing back.
    public var maxRetryAfter: Duration
    /// Rounds of SHA-256 over each downloaded image before it is saved: CPU-bound work done inside
    /// the strategy, to show which strategies use every core (`--cpu-work`).
    public var cpuWork: Int
    /// Redirects followed per file (`--max-redirects`), each a request of its own, and only to
    /// this machine; 0 reports a redirect as an HTTP error.
    public var maxRedirects: Int

    public init(
        client: ClientOptions = ClientOptions(),
        retries: Int = 0,
        verifyPNG: Bool = true,
        useCountryNames: Bool = false,
        backoff: Duration = .milliseconds(200),
        maxBackoff: Duration = .seconds(5),
        maxRetryAfter: Duration = .seconds(30),
        cpuWork: Int = 0,
        maxRedirects: Int = 5
    ) {
        self.client = client
        self.retries = retries
        self.verifyPNG = verifyPNG
        self.useCountryNames = useCountryNames
        self.backoff = backoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.cpuWork = cpuWork
        self.maxRedirects = maxRedirects
    }

    /// The wait before retry number `retry` (1, 2, ...): exponential, with "equal jitter" (half
    /// fixed, half random) so that workers that failed together do not retry together.
    ///
    /// Whatever the settings hold, the result is between zero and an hour, and computing it
    /// cannot overflow: it doubles by comparison with the cap, never past it.
    func backoff(beforeRetry retry: Int) -> Duration {
        let cap = min(max(maxBackoff, .zero), Self.longestBackoff)
        var full = min(max(backoff, .zero), cap)
        for _ in 1..<max(1, min(retry, 32)) {
            full = full > cap / 2 ? cap : full * 2
        }
        return full / 2 + full / 2 * Double.random(in: 0...1)
    }

    /// No retry waits longer than this, whatever `maxBackoff` says.
    static let longestBackoff = Duration.seconds(3600)
}
