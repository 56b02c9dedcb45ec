/// How a server misbehaves: Fluent Python's three servers, the fault lab's presets, and
/// variations on them.
///
/// | label        | port | behaviour                                                   |
/// |--------------|------|-------------------------------------------------------------|
/// | `LOCAL`      | 8000 | no delay, no errors                                         |
/// | `DELAY`      | 8001 | every response held 0.5 s                                   |
/// | `ERROR`      | 8002 | 0.5 s, and 25 % of requests answered `418`                  |
/// | `FLAKY`…     | 8003…| the lab's presets: see ``lab``                              |
///
/// Change `delay`, `errorRate`, `faults`… to vary a profile; the label and default port stay.
public struct ServerProfile: Sendable, Equatable, CustomStringConvertible {
    /// The label, in capitals: `LOCAL`, `DELAY`, `ERROR`, `FLAKY`…
    public var name: String
    /// The port the command-line server uses for this profile.
    public var defaultPort: Int
    /// How long each response is held before anything is sent.
    public var delay: ResponseDelay
    /// The fraction of requests answered `418 I'm a teapot`, in `0...1` (the ERROR server's rule,
    /// kept apart so that its seeds give the same answers as before the fault catalogue).
    public var errorRate: Double
    /// The fault catalogue: each request gets at most one failure and at most one injected
    /// latency, each picked with the rules' probabilities (see ``RequestPlanner``).
    public var faults: [FaultRule]
    /// The first this-many attempts of each code's file fail with ``failWith`` whatever the
    /// catalogue says; later attempts follow the catalogue (a retry drill).
    public var failFirst: Int
    /// The failure of the first ``failFirst`` attempts.
    public var failWith: Fault
    /// Requests beyond this many in flight are answered `503` with `Retry-After: 1` at once;
    /// `nil` for no limit.
    public var maxInFlight: Int?
    /// One line on what the profile is for, shown by `flags-server --list-profiles`.
    public var about: String

    /// Creates a profile with a delay and a 418 rate, as Fluent Python's servers have.
    public init(name: String, defaultPort: Int, delay: ResponseDelay, errorRate: Double) {
        self.init(name: name, defaultPort: defaultPort, delay: delay, errorRate: errorRate, faults: [])
    }

    /// Creates a profile with every setting of the lab.
    public init(
        name: String,
        defaultPort: Int,
        delay: ResponseDelay,
        errorRate: Double = 0,
        faults: [FaultRule],
        failFirst: Int = 0,
        failWith: Fault = .status(503, retryAfter: 1),
        maxInFlight: Int? = nil,
        about: String = ""
    ) {
        self.name = name
        self.defaultPort = defaultPort
        self.delay = delay
        self.errorRate = errorRate
        self.faults = faults
        self.failFirst = failFirst
        self.failWith = failWith
        self.maxInFlight = maxInFlight
        self.about = about
    }

    /// The stock profile or lab preset with this label, ignoring case (`"delay"` → ``delay``,
    /// `"hostile"` → ``hostile``), or `nil`.
    public static func named(_ label: String) -> ServerProfile? {
        presets.first { $0.name == label.uppercased() }
    }

    /// What the profile does, for humans: `"no delay, no errors"`, `"0.5 s delay, 25 % answered 418"`,
    /// `"0.05...0.25 s delay, 10 % 503, 3 % reset; max 20 in flight"`.
    public var summary: String {
        var parts = [delay == .zero ? "no delay" : "\(delay) delay"]
        if errorRate > 0 {
            parts.append("\(Self.percent(errorRate)) answered 418")
        }
        for rule in faults {
            parts.append("\(Self.percent(rule.probability)) \(FaultRule.effectText(rule.effect))")
        }
        if failFirst > 0 {
            let attempts = failFirst == 1 ? "attempt" : "attempts"
            parts.append("first \(failFirst) \(attempts) \(FaultRule.faultText(failWith))")
        }
        if errorRate == 0 && !faults.contains(where: { if case .fail = $0.effect { true } else { false } })
            && failFirst == 0
        {
            parts.append("no errors")
        }
        if let maxInFlight {
            parts.append("max \(maxInFlight) in flight")
        }
        return parts.joined(separator: ", ")
    }

    public var description: String { "\(name) (\(summary))" }

    /// `0.25` → `"25 %"`, `0.125` → `"12.5 %"`.
    static func percent(_ rate: Double) -> String {
        let value = (rate * 1000).rounded() / 10
        // Only a whole number well inside Int's range is converted: a rate of 1e300 or NaN
        // (refused, but named in the message that refuses it) must not trap.
        guard value.isFinite, abs(value) < 1e15, value == value.rounded() else { return "\(value) %" }
        return "\(Int(value)) %"
    }
}
