/// How a server misbehaves: Fluent Python's three servers, and variations on them.
///
/// | label   | port | behaviour                                     |
/// |---------|------|-----------------------------------------------|
/// | `LOCAL` | 8000 | no delay, no errors                           |
/// | `DELAY` | 8001 | every response held 0.5 s                     |
/// | `ERROR` | 8002 | 0.5 s, and 25 % of requests answered `418`    |
///
/// Change `delay` or `errorRate` to vary a profile; the label and default port stay.
public struct ServerProfile: Sendable, Equatable, CustomStringConvertible {
    /// The label, in capitals: `LOCAL`, `DELAY` or `ERROR`.
    public var name: String
    /// The port the command-line server uses for this profile.
    public var defaultPort: Int
    /// How long each response is held.
    public var delay: ResponseDelay
    /// The fraction of requests answered `418 I'm a teapot`, in `0...1`.
    public var errorRate: Double

    /// Creates a profile.
    public init(name: String, defaultPort: Int, delay: ResponseDelay, errorRate: Double) {
        self.name = name
        self.defaultPort = defaultPort
        self.delay = delay
        self.errorRate = errorRate
    }

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

    /// The three stock profiles, in port order.
    public static let all: [ServerProfile] = [.local, .delay, .error]

    /// The stock profile with this label, ignoring case (`"delay"` → ``delay``), or `nil`.
    public static func named(_ label: String) -> ServerProfile? {
        all.first { $0.name == label.uppercased() }
    }

    /// What the profile does, for humans: `"no delay, no errors"`, `"0.5 s delay, 25 % answered 418"`.
    public var summary: String {
        let delayText = delay == .zero ? "no delay" : "\(delay) delay"
        let errorText = errorRate == 0 ? "no errors" : "\(Self.percent(errorRate)) answered 418"
        return "\(delayText), \(errorText)"
    }

    public var description: String { "\(name) (\(summary))" }

    private static func percent(_ rate: Double) -> String {
        let value = (rate * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value)) %" : "\(value) %"
    }
}
