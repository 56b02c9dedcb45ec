/// One entry of a profile's fault catalogue: an effect and the probability that a request gets it.
///
/// Its text form is what `flags-server --fault` and the `faults` list of a profile file take:
///
/// | text                      | effect                                                          |
/// |---------------------------|-----------------------------------------------------------------|
/// | `503@10%`                 | 10 % of requests answered 503 with `Retry-After: 1`              |
/// | `429:5@0.05`              | 5 % answered 429 with `Retry-After: 5`                           |
/// | `500@5%`, `418@25%`       | any status 400...599 (`:none` drops a default `Retry-After`)     |
/// | `reset@2%`                | connection reset before any byte of the response                 |
/// | `reset:mid-body@2%`       | connection reset after the headers and half the body             |
/// | `stall@1%`                | accepted, never answered                                         |
/// | `truncate@2%`             | `Content-Length` of the whole body, half of it sent, then closed |
/// | `slow:8192@10%`           | the body at 8192 bytes/s                                         |
/// | `slow:4x0.25@10%`         | the body in 4 chunks, 0.25 s apart                               |
/// | `latency:2@5%`            | 2 s more before the headers (`0.1...0.9` and `0.5±0.1` work too) |
/// | `latency:1:body@5%`       | headers at once, body 1 s later                                  |
///
/// The probability is `@P` with `P` in `0...1` or a percentage; without it, every request.
public struct FaultRule: Sendable, Hashable, CustomStringConvertible {
    /// What a rule does to the requests it picks.
    public enum Effect: Sendable, Hashable {
        /// Fail the request this way (at most one failure per request).
        case fail(Fault)
        /// Hold the request longer (at most one injected latency per request, on top of the
        /// profile's own delay).
        case delay(ResponseDelay, LatencyPhase)
    }

    /// What the rule does.
    public var effect: Effect
    /// The fraction of requests it picks, in `0...1`.
    public var probability: Double

    /// Creates a rule.
    public init(_ effect: Effect, probability: Double = 1) {
        self.effect = effect
        self.probability = probability
    }

    /// A rule that fails `probability` of the requests with `fault`.
    public static func fail(_ fault: Fault, probability: Double = 1) -> FaultRule {
        FaultRule(.fail(fault), probability: probability)
    }

    /// The text form, which ``init(parsing:)`` reads back: `503@10%`, `reset:mid-body@2%`.
    public var description: String {
        let chance = probability == 1 ? "" : "@" + Self.percentText(probability)
        return Self.effectText(effect) + chance
    }

    /// The effect part of the text form, without a probability: `503`, `slow:4x0.25`.
    static func effectText(_ effect: Effect) -> String {
        switch effect {
        case .fail(let fault):
            return faultText(fault)
        case .delay(let delay, .beforeHeaders):
            return "latency:\(delay.argument)"
        case .delay(let delay, .beforeBody):
            return "latency:\(delay.argument):body"
        }
    }

    /// A fault as text: `503`, `503:none`, `429:5`, `reset:mid-body`, `slow:8192`.
    public static func faultText(_ fault: Fault) -> String {
        switch fault {
        case .status(let code, let retryAfter):
            guard retryAfter != Fault.defaultRetryAfter(status: code) else { return "\(code)" }
            return "\(code):" + (retryAfter.map(String.init) ?? "none")
        case .reset(.beforeResponse): return "reset"
        case .reset(.midBody): return "reset:mid-body"
        case .stall: return "stall"
        case .truncatedBody: return "truncate"
        case .slowBody(.bytesPerSecond(let rate)): return "slow:\(rate)"
        case .slowBody(.chunks(let count, let pause)): return "slow:\(count)x\(pause.secondsText)"
        }
    }

    /// `0.1` → `"10%"`, `0.025` → `"2.5%"`; fractions a percentage cannot show to 0.001 % stay decimal.
    static func percentText(_ fraction: Double) -> String {
        // Out of range (a rule built in code, shown in the message that refuses it): no conversion.
        guard ServerLimits.probability.contains(fraction) else { return "\(fraction)" }
        let thousandths = (fraction * 100_000).rounded()
        guard abs(thousandths / 100_000 - fraction) < 1e-12 else { return "\(fraction)" }
        let whole = Int(thousandths) / 1000
        var decimals = String(Int(thousandths) % 1000).zeroPadded(to: 3)
        while decimals.hasSuffix("0") { decimals.removeLast() }
        let text = decimals.isEmpty ? "\(whole)%" : "\(whole).\(decimals)%"
        // A percentage only when it reads back as exactly this fraction: 20.6 / 100 is not 0.206.
        guard let percent = Double(text.dropLast()), percent / 100 == fraction else { return "\(fraction)" }
        return text
    }
}
