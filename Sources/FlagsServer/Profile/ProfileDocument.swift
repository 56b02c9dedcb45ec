/// A profile as JSON: the body of `GET`/`PUT /_lab/profile` and the content of a profile file.
///
/// ```json
/// {
///   "base": "DELAY",
///   "name": "MYLAB",
///   "port": 9000,
///   "delay": "0.1...0.3",
///   "error_rate": 0,
///   "faults": ["503@10%", "reset:mid-body@2%", "latency:2:body@5%"],
///   "fail_first": 1,
///   "fail_with": "503",
///   "max_in_flight": 50,
///   "about": "what it is for"
/// }
/// ```
///
/// Every key is optional: those left out keep the value of `base` (a profile's label), or of the
/// profile being replaced when there is no `base`. `faults` replaces the whole list;
/// `"max_in_flight": null` removes the limit. `delay` is seconds as a number or any `--delay`
/// text. Unknown keys are refused, so a typo does not pass silently.
struct ProfileDocument: Codable {
    var base: String?
    var name: String?
    var port: Int?
    var delay: String?
    var errorRate: Double?
    var faults: [String]?
    var failFirst: Int?
    var failWith: String?
    /// `.some(nil)`: the key was given as `null` (no limit).
    var maxInFlight: Int??
    var about: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case base, name, port, delay, faults, about
        case errorRate = "error_rate"
        case failFirst = "fail_first"
        case failWith = "fail_with"
        case maxInFlight = "max_in_flight"
    }

    /// Any key at all, to find the ones that are not ``CodingKeys``.
    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(_ profile: ServerProfile) {
        name = profile.name
        port = profile.defaultPort
        delay = profile.delay.argument
        errorRate = profile.errorRate
        faults = profile.faults.map(\.description)
        failFirst = profile.failFirst
        failWith = FaultRule.faultText(profile.failWith)
        maxInFlight = .some(profile.maxInFlight)
        about = profile.about
    }

    init(from decoder: any Decoder) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw ProfileError(
                "unknown key '\(unknown)': use \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        base = try container.decodeIfPresent(String.self, forKey: .base)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        port = try container.decodeIfPresent(Int.self, forKey: .port)
        if let seconds = try? container.decodeIfPresent(Double.self, forKey: .delay) {
            delay = "\(seconds)"
        } else {
            delay = try container.decodeIfPresent(String.self, forKey: .delay)
        }
        errorRate = try container.decodeIfPresent(Double.self, forKey: .errorRate)
        faults = try container.decodeIfPresent([String].self, forKey: .faults)
        failFirst = try container.decodeIfPresent(Int.self, forKey: .failFirst)
        failWith = try container.decodeIfPresent(String.self, forKey: .failWith)
        if container.contains(.maxInFlight) {
            maxInFlight = .some(
                try container.decodeNil(forKey: .maxInFlight)
                    ? nil : try container.decode(Int.self, forKey: .maxInFlight))
        }
        about = try container.decodeIfPresent(String.self, forKey: .about)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(base, forKey: .base)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(port, forKey: .port)
        try container.encodeIfPresent(delay, forKey: .delay)
        try container.encodeIfPresent(errorRate, forKey: .errorRate)
        try container.encodeIfPresent(faults, forKey: .faults)
        try container.encodeIfPresent(failFirst, forKey: .failFirst)
        try container.encodeIfPresent(failWith, forKey: .failWith)
        if let maxInFlight {
            try container.encode(maxInFlight, forKey: .maxInFlight)
        }
        try container.encodeIfPresent(about, forKey: .about)
    }

    /// The profile this document describes, starting from `base` (or `fallback` when it names none).
    func profile(fallback: ServerProfile) throws -> ServerProfile {
        var profile = fallback
        if let base {
            guard let named = ServerProfile.named(base) else {
                let labels = ServerProfile.presets.map(\.name).joined(separator: ", ")
                throw ProfileError("base '\(base)' is no profile: use \(labels)")
            }
            profile = named
        }
        if let name {
            let trimmed = name[...].trimmingWhitespace()
            guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ (0x21..<0x7F).contains($0) }) else {
                throw ProfileError("name '\(name)' must be one word of printable ASCII")
            }
            profile.name = trimmed.uppercased()
        }
        // Each value is checked here, naming its key, before it is used (``ServerLimits``).
        if let port {
            guard ServerLimits.port.contains(port) else {
                throw ProfileError("port \(port) is not in \(Self.text(ServerLimits.port))")
            }
            profile.defaultPort = port
        }
        if let delay {
            guard let parsed = ResponseDelay(parsing: delay) else {
                throw ProfileError(
                    "delay '\(delay)': use seconds (0.5), MIN...MAX (0.1...0.9) or BASE±JITTER (0.5±0.1), "
                        + "in \(ServerLimits.text(ServerLimits.delaySeconds)) s")
            }
            profile.delay = parsed
        }
        if let errorRate {
            guard ServerLimits.probability.contains(errorRate) else {
                throw ProfileError("error_rate \(errorRate) is not in 0...1")
            }
            profile.errorRate = errorRate
        }
        if let faults {
            profile.faults = try faults.map { text in
                do { return try FaultRule(parsing: text) } catch { throw ProfileError("faults: \(error)") }
            }
        }
        if let failFirst {
            guard ServerLimits.failFirst.contains(failFirst) else {
                throw ProfileError("fail_first \(failFirst) is not in \(Self.text(ServerLimits.failFirst))")
            }
            profile.failFirst = failFirst
        }
        if let failWith {
            do { profile.failWith = try FaultRule.fault(parsing: failWith) } catch {
                throw ProfileError("fail_with: \(error)")
            }
        }
        if let maxInFlight {
            if let limit = maxInFlight, !ServerLimits.maxInFlight.contains(limit) {
                throw ProfileError(
                    "max_in_flight \(limit) is not in \(Self.text(ServerLimits.maxInFlight)) (null for no limit)"
                )
            }
            profile.maxInFlight = maxInFlight
        }
        if let about { profile.about = about }
        return profile
    }

    private static func text(_ range: ClosedRange<Int>) -> String {
        "\(range.lowerBound)...\(range.upperBound)"
    }
}
