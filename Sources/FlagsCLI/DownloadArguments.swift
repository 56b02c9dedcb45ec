public import ArgumentParser
import FlagsCore

/// The options every client shares: `flags-seq`, `flags-pool` and `flags-async` parse exactly
/// these, so a command line that works with one works with the others.
public struct DownloadArguments: ParsableArguments, Sendable {
    @Argument(
        help: ArgumentHelp(
            "Country codes to download (BR, in, Us …); a single letter means its 26 codes.",
            discussion: "Without codes, --all or --every: the 20 most populous countries.",
            valueName: "CC"
        )
    )
    public var codes: [String] = []

    @Flag(name: .shortAndLong, help: "All 194 flags the server holds.")
    public var all = false

    @Flag(
        name: .shortAndLong,
        help: "Every code from AA to ZZ (676 requests; 482 are not countries and give 404).")
    public var every = false

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Download at most N flags (the first N, sorted).", valueName: "N"))
    public var limit: Int?

    @Option(
        name: [.customShort("m"), .customLong("max-concurrency")],
        help: ArgumentHelp(
            "Transfers in flight at once, 1 to \(Self.maxConcurrencyLimit) (default: 20; flags-seq always uses 1).",
            valueName: "N"
        )
    )
    public var maxConcurrency: Int?

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
    public var server: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory to save flags in.", valueName: "DIR"))
    public var output = "downloads"

    @Flag(name: .shortAndLong, help: "One line per flag as it finishes, instead of the progress line.")
    public var verbose = false

    @Option(help: ArgumentHelp("Seconds a whole transfer may take, from when it starts.", valueName: "S"))
    public var timeout: Double = 10

    @Option(help: ArgumentHelp("Seconds connecting may take.", valueName: "S"))
    public var connectTimeout: Double = 5

    @Option(
        help: ArgumentHelp(
            "Extra attempts after a transient failure (timeout, reset, truncated body, 429, 500, 502, 503, 504).",
            valueName: "N"
        )
    )
    public var retries = 0

    @Option(help: ArgumentHelp("Largest body accepted, in bytes.", valueName: "BYTES"))
    public var maxSize = 10 * 1024 * 1024

    @Flag(inversion: .prefixedNo, help: "Check that each body is a PNG before saving it.")
    public var verify = true

    @Flag(help: "Also fetch each flag's metadata.json and save the flag as Country_Name.png.")
    public var names = false

    @Option(
        help: ArgumentHelp(
            "CPU-bound work per flag: K rounds of SHA-256 over the image, done inside the strategy.",
            discussion: "Shows which strategies keep every core busy (the talk's part four: parallelism).",
            valueName: "K"
        )
    )
    public var cpuWork = 0

    @Option(help: ArgumentHelp("Stop after S seconds, report what finished, and exit 124.", valueName: "S"))
    public var deadline: Double?

    @Flag(
        help: ArgumentHelp(
            "Report the server's max in flight beside the client's (a flags-server lab: resets its counters first).",
            discussion:
                "Sends POST /_lab/reset before the run, which also restarts its attempt numbers. Always on "
                + "for the embedded server."
        )
    )
    public var serverStats = false

    @Flag(help: "Print one JSON object with the counts instead of the report.")
    public var json = false

    public init() {}

    static let maxConcurrencyLimit = 1000

    public mutating func validate() throws {
        if let maxConcurrency, !(1...Self.maxConcurrencyLimit).contains(maxConcurrency) {
            throw ValidationError(
                "--max-concurrency must be between 1 and \(Self.maxConcurrencyLimit) (got \(maxConcurrency))"
            )
        }
        for (name, value) in [("--timeout", timeout), ("--connect-timeout", connectTimeout)]
        where !(value > 0) {
            throw ValidationError("\(name) must be a positive number of seconds (got \(value))")
        }
        if let deadline, !(deadline > 0) {
            throw ValidationError("--deadline must be a positive number of seconds (got \(deadline))")
        }
        guard retries >= 0 else { throw ValidationError("--retries must be 0 or more (got \(retries))") }
        guard cpuWork >= 0 else { throw ValidationError("--cpu-work must be 0 or more (got \(cpuWork))") }
        guard maxSize > 0 else {
            throw ValidationError("--max-size must be at least 1 byte (got \(maxSize))")
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

    /// The settings for every transfer.
    var downloadSettings: DownloadSettings {
        DownloadSettings(
            client: ClientOptions(
                timeout: .milliseconds(Int64(timeout * 1000)),
                connectTimeout: .milliseconds(Int64(connectTimeout * 1000)),
                maxBodyBytes: maxSize
            ),
            retries: retries,
            verifyPNG: verify,
            useCountryNames: names,
            cpuWork: cpuWork
        )
    }
}
