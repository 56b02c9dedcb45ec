import ArgumentParser
import FlagsCore
import FlagsShared
import FlagsTimeline

/// The options every client shares: `flags-seq`, `flags-pool` and `flags-async` parse exactly
/// these, so a command line that works with one works with the others.
struct DownloadArguments: ParsableArguments, Sendable {
    @Argument(
        help: ArgumentHelp(
            "Country codes to download (BR, in, Us …); a single letter means its 26 codes.",
            discussion: "Without codes, --all or --every: the 20 most populous countries.",
            valueName: "CC"
        )
    )
    var codes: [String] = []

    @Flag(name: .shortAndLong, help: "All 194 flags the server holds.")
    var all = false

    @Flag(
        name: .shortAndLong,
        help: "Every code from AA to ZZ (676 requests; 482 are not countries and give 404).")
    var every = false

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Download at most N flags (the first N, sorted).", valueName: "N"))
    var limit: Int?

    @Option(
        name: [.customShort("m"), .customLong("max-concurrency")],
        help: ArgumentHelp(
            "Transfers in flight at once, 1 to \(Self.maxConcurrencyLimit) (default: 20; flags-seq always uses 1).",
            valueName: "N"
        )
    )
    var maxConcurrency: Int?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "LOCAL (:8000, no delay), DELAY (:8001, 0.5 s), ERROR (:8002, 0.5 s + 25 % 418s), or a base URL.",
            discussion:
                "The fault lab's presets work too (FLAKY :8003, OVERLOADED, SLOW, HOSTILE, RETRY :8007; "
                + "see flags-server --list-profiles). Without --server, a DELAY server is started inside the "
                + "client on a free port.",
            valueName: "LABEL|URL"
        )
    )
    var server: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory to save flags in.", valueName: "DIR"))
    var output = "downloads"

    @Flag(name: .shortAndLong, help: "One line per flag as it finishes, instead of the progress line.")
    var verbose = false

    @Option(
        help: ArgumentHelp(
            "Seconds a whole transfer may take, from when it starts (0.001 to 3600).", valueName: "S"))
    var timeout: Double = 10

    @Option(help: ArgumentHelp("Seconds connecting may take (0.001 to 3600).", valueName: "S"))
    var connectTimeout: Double = 5

    @Option(
        help: ArgumentHelp(
            "Extra attempts after a transient failure (timeout, reset, truncated body, 429, 500, 502, 503, 504), 0 to \(Self.retriesLimit).",
            valueName: "N"
        )
    )
    var retries = 0

    @Option(
        help: ArgumentHelp(
            "Longest Retry-After honoured, in seconds (0 to 3600).",
            discussion:
                "A server asking for a longer wait (or one past --deadline) fails that flag at once, with "
                + "the wait it asked for as the reason; the other flags go on.",
            valueName: "S"
        )
    )
    var maxRetryAfter: Double = 30

    @Option(
        help: ArgumentHelp(
            "Redirects followed per file, 0 to \(Self.maxRedirectsLimit) (0: a redirect is an HTTP error).",
            discussion:
                "Only to this machine (127.0.0.0/8, [::1], localhost): a redirect elsewhere fails that flag, "
                + "and nothing is sent there. Each hop is a request, counted like a retry.",
            valueName: "N"
        )
    )
    public var maxRedirects = 5

    @Option(help: ArgumentHelp("Largest body accepted, in bytes (1 to 1 GiB).", valueName: "BYTES"))
    var maxSize = 10 * 1024 * 1024

    @Flag(inversion: .prefixedNo, help: "Check that each body is a PNG before saving it.")
    var verify = true

    @Flag(help: "Also fetch each flag's metadata.json and save the flag as Country_Name.png.")
    var names = false

    @Option(
        help: ArgumentHelp(
            "CPU-bound work per flag: K rounds of SHA-256 over the image, done inside the strategy (0 to \(Self.cpuWorkLimit)).",
            discussion: "Shows which strategies keep every core busy (the talk's part four: parallelism).",
            valueName: "K"
        )
    )
    var cpuWork = 0

    @Option(
        help: ArgumentHelp(
            "Stop after S seconds (0.001 to 86400), report what finished, and exit 124.", valueName: "S"))
    var deadline: Double?

    @Flag(
        help: ArgumentHelp(
            "Report the server's max in flight beside the client's (a flags-server lab: resets its counters first).",
            discussion:
                "Sends POST /_lab/reset before the run, which also restarts its attempt numbers. Always on "
                + "for the embedded server."
        )
    )
    var serverStats = false

    @Flag(help: "Print one JSON object with the counts instead of the report.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Record every request and draw its timeline: FILE.svg (a waterfall), FILE.json (Perfetto, chrome://tracing), FILE.csv, or - (in the terminal, after the report).",
            valueName: "FILE"
        )
    )
    var timeline: String?

    init() {}

    static let maxConcurrencyLimit = 1000
    static let retriesLimit = 100
    static let cpuWorkLimit = 100_000
    static let maxRedirectsLimit = 20
    static let maxSizeLimit = 1 << 30
    /// Every limit on time, in seconds: from 1 ms (libcurl counts whole milliseconds, and reads 0
    /// as "no limit") to an hour (a flag that takes longer is not coming). A run may last a day.
    static let timeoutRange: ClosedRange<Double> = 0.001...3600
    static let maxRetryAfterRange: ClosedRange<Double> = 0...3600
    static let deadlineRange: ClosedRange<Double> = 0.001...86_400

    mutating func validate() throws {
        if let maxConcurrency, !(1...Self.maxConcurrencyLimit).contains(maxConcurrency) {
            throw ValidationError(
                "--max-concurrency must be between 1 and \(Self.maxConcurrencyLimit) (got \(maxConcurrency))"
            )
        }
        // Checked before any conversion: `inf`, `nan` or `1e300` must be a usage error, not a trap.
        var durations = [
            ("--timeout", timeout, Self.timeoutRange),
            ("--connect-timeout", connectTimeout, Self.timeoutRange),
            ("--max-retry-after", maxRetryAfter, Self.maxRetryAfterRange),
        ]
        if let deadline { durations.append(("--deadline", deadline, Self.deadlineRange)) }
        for (name, value, range) in durations where BoundedSeconds.duration(value, in: range) == nil {
            throw ValidationError(
                "\(name) must be \(BoundedSeconds.describe(range)) (got \(value))")
        }
        let counts = [
            ("--retries", retries, 0...Self.retriesLimit),
            ("--max-size", maxSize, 1...Self.maxSizeLimit),
            ("--cpu-work", cpuWork, 0...Self.cpuWorkLimit),
            ("--max-redirects", maxRedirects, 0...Self.maxRedirectsLimit),
        ]
        for (name, value, range) in counts where !range.contains(value) {
            throw ValidationError(
                "\(name) must be between \(range.lowerBound) and \(range.upperBound) (got \(value))")
        }
        if let timeline {
            guard TimelineFormat(path: timeline) != nil else {
                throw ValidationError(
                    "--timeline \(timeline): name a .svg, .json or .csv file, or give - to draw it in the terminal"
                )
            }
            if timeline == "-" && json {
                throw ValidationError(
                    "--timeline - prints on stdout, which --json fills: give --timeline a file")
            }
        }
        do {
            _ = try selectedCodes()
            _ = try ServerChoice(server)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The codes to download, sorted.
    func selectedCodes() throws(UsageError) -> [String] {
        try CodeSelection.expand(codes, all: all, every: every, limit: limit)
    }

    /// The settings for every transfer. Call only after `validate()`: every duration is then in
    /// range, and a value that is not (never seen) falls back to the default.
    var downloadSettings: DownloadSettings {
        let defaults = DownloadSettings()
        return DownloadSettings(
            client: ClientOptions(
                timeout: BoundedSeconds.duration(timeout, in: Self.timeoutRange) ?? defaults.client.timeout,
                connectTimeout: BoundedSeconds.duration(connectTimeout, in: Self.timeoutRange)
                    ?? defaults.client.connectTimeout,
                maxBodyBytes: maxSize
            ),
            retries: retries,
            verifyPNG: verify,
            useCountryNames: names,
            maxRetryAfter: BoundedSeconds.duration(maxRetryAfter, in: Self.maxRetryAfterRange)
                ?? defaults.maxRetryAfter,
            cpuWork: cpuWork,
            maxRedirects: maxRedirects
        )
    }

    /// `--deadline` as a duration, once validated.
    var deadlineDuration: Duration? {
        deadline.flatMap { BoundedSeconds.duration($0, in: Self.deadlineRange) }
    }
}
