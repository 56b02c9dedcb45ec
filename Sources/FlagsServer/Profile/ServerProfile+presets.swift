extension ServerProfile {
    /// Port 8000, no delay, no errors.
    public static let local = ServerProfile(name: "LOCAL", defaultPort: 8000, delay: .zero, errorRate: 0)
    /// Port 8001, every response held 0.5 s.
    public static let delay = ServerProfile(
        name: "DELAY",
        defaultPort: 8001,
        delay: .fixed(.milliseconds(500)),
        errorRate: 0
    )
    /// Port 8002, every response held 0.5 s and a quarter of them answered `418 I'm a teapot`.
    public static let error = ServerProfile(
        name: "ERROR",
        defaultPort: 8002,
        delay: .fixed(.milliseconds(500)),
        errorRate: 0.25
    )

    /// The three stock profiles of Fluent Python, in port order.
    public static let all: [ServerProfile] = [.local, .delay, .error]

    /// Port 8003: short random delays and a few failures of every transient kind; `--retries`
    /// recovers nearly all of them.
    public static let flaky = ServerProfile(
        name: "FLAKY",
        defaultPort: 8003,
        delay: .uniform(.milliseconds(50)...(.milliseconds(250))),
        faults: [
            .fail(.status(503, retryAfter: 1), probability: 0.10),
            .fail(.status(500, retryAfter: nil), probability: 0.05),
            .fail(.reset(.beforeResponse), probability: 0.03),
            .fail(.truncatedBody, probability: 0.02),
        ],
        about: "fails now and then in every transient way; --retries recovers"
    )

    /// Port 8004: slow answers and only 20 requests served at a time; the rest are turned away
    /// with `503` and `Retry-After: 1`.
    public static let overloaded = ServerProfile(
        name: "OVERLOADED",
        defaultPort: 8004,
        delay: .uniform(.milliseconds(200)...(.milliseconds(800))),
        faults: [.fail(.status(429, retryAfter: 1), probability: 0.05)],
        maxInFlight: 20,
        about: "serves 20 requests at a time; the rest get 503 + Retry-After"
    )

    /// Port 8005: every answer slow in a different way: held, trickled, or a long tail.
    public static let slow = ServerProfile(
        name: "SLOW",
        defaultPort: 8005,
        delay: .uniform(.milliseconds(250)...(.milliseconds(750))),
        faults: [
            FaultRule(.delay(.fixed(.seconds(3)), .beforeHeaders), probability: 0.05),
            FaultRule(.delay(.fixed(.seconds(1)), .beforeBody), probability: 0.10),
            .fail(.slowBody(.bytesPerSecond(16_384)), probability: 0.20),
        ],
        about: "no errors, but long tails, late bodies and trickled bytes"
    )

    /// Port 8006: every fault of the catalogue at once.
    public static let hostile = ServerProfile(
        name: "HOSTILE",
        defaultPort: 8006,
        delay: .uniform(.zero...(.milliseconds(500))),
        faults: [
            .fail(.teapot, probability: 0.04),
            .fail(.status(429, retryAfter: 1), probability: 0.04),
            .fail(.status(500, retryAfter: nil), probability: 0.04),
            .fail(.status(503, retryAfter: 1), probability: 0.04),
            .fail(.reset(.beforeResponse), probability: 0.04),
            .fail(.reset(.midBody), probability: 0.04),
            .fail(.truncatedBody, probability: 0.04),
            .fail(.stall, probability: 0.02),
            .fail(.slowBody(.chunks(4, pause: .milliseconds(500))), probability: 0.04),
            FaultRule(.delay(.fixed(.seconds(2)), .beforeBody), probability: 0.05),
        ],
        about: "every fault of the catalogue; only timeouts and retries get through"
    )

    /// Port 8007: the first two attempts of every file fail with `500`, the third succeeds.
    public static let retry = ServerProfile(
        name: "RETRY",
        defaultPort: 8007,
        delay: .zero,
        faults: [],
        failFirst: 2,
        failWith: .status(500, retryAfter: nil),
        about: "a retry drill: each file fails twice with 500, then succeeds (--retries 2)"
    )

    /// The fault lab's presets, in port order.
    public static let lab: [ServerProfile] = [.flaky, .overloaded, .slow, .hostile, .retry]

    /// Every named profile: the stock three, then the lab's presets.
    public static let presets: [ServerProfile] = all + lab
}
