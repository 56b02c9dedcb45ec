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
    /// Rounds of SHA-256 over each downloaded image before it is saved: CPU-bound work done inside
    /// the strategy, to show which strategies use every core (`--cpu-work`).
    public var cpuWork: Int

    public init(
        client: ClientOptions = ClientOptions(),
        retries: Int = 0,
        verifyPNG: Bool = true,
        useCountryNames: Bool = false,
        backoff: Duration = .milliseconds(200),
        maxBackoff: Duration = .seconds(5),
        cpuWork: Int = 0
    ) {
        self.client = client
        self.retries = retries
        self.verifyPNG = verifyPNG
        self.useCountryNames = useCountryNames
        self.backoff = backoff
        self.maxBackoff = maxBackoff
        self.cpuWork = cpuWork
    }

    /// The wait before retry number `retry` (1, 2, ...): exponential, with "equal jitter" (half
    /// fixed, half random) so that workers that failed together do not retry together.
    func backoff(beforeRetry retry: Int) -> Duration {
        let exponent = min(retry - 1, 20)
        let full = min(backoff * (1 << exponent), maxBackoff)
        return full / 2 + full / 2 * Double.random(in: 0...1)
    }
}
