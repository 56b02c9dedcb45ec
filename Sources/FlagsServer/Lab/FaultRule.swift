// The fault vocabulary, part two: a rule (an effect and its probability), its text form and its
// parser, and the error the parser throws. What each fault does is in Fault.swift.
//
// Kept free of NIO and Hummingbird: `scripts/fuzz` compiles it standalone.

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
/// | `redirect@10%`            | `302` to the same file on this server (`redirect:same`)          |
/// | `redirect:port=8001@10%`  | `302` to the same file at `http://127.0.0.1:8001`                |
/// | `redirect:loop`           | `302` back and forth between two URLs of the file                |
/// | `redirect:outside@10%`    | `302` to `outside.localhost`, a host the clients refuse          |
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
        case .redirect(.same): return "redirect"
        case .redirect(.port(let port)): return "redirect:port=\(port)"
        case .redirect(.loop): return "redirect:loop"
        case .redirect(.outside): return "redirect:outside"
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

/// When an injected latency holds a response.
public enum LatencyPhase: String, Sendable, Hashable, CaseIterable {
    /// Nothing is sent until the delay has passed (the client waits for the headers).
    case beforeHeaders = "headers"
    /// The headers go out at once and the body follows after the delay (time to first byte is
    /// short, the transfer long).
    case beforeBody = "body"
}

// MARK: - Parsing

extension FaultRule {
    /// Parses the text form (see ``FaultRule``): `EFFECT[@PROBABILITY]`.
    ///
    /// - Throws: ``FaultSyntaxError`` saying what is wrong and what would be right.
    public init(parsing text: String) throws(FaultSyntaxError) {
        try Self.refuseControlCharacters(in: text)
        let trimmed = text[...].trimmingWhitespace()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            throw FaultSyntaxError(text, "more than one '@'")
        }
        let probability = parts.count == 2 ? try Self.probability(parts[1], in: text) : 1
        self.init(try Self.effect(parts[0], in: text), probability: probability)
    }

    /// Parses a fault without a probability (`503`, `reset:mid-body`), as `--fail-with` takes it.
    ///
    /// - Throws: ``FaultSyntaxError`` if `text` is no fault, or is a latency.
    public static func fault(parsing text: String) throws(FaultSyntaxError) -> Fault {
        try refuseControlCharacters(in: text)
        let trimmed = text[...].trimmingWhitespace()
        guard !trimmed.contains("@") else {
            throw FaultSyntaxError(text, "give the fault alone, without '@' and a probability")
        }
        guard case .fail(let fault) = try effect(trimmed, in: text) else {
            throw FaultSyntaxError(
                text, "a latency is no failure: use a status, reset, stall, truncate, slow or redirect")
        }
        return fault
    }

    /// A NUL or another control character has no place in a fault, and a NUL would end the text
    /// early for the C number parser behind `Double(_:)` (`0.2\0junk` read as 0.2).
    private static func refuseControlCharacters(in text: String) throws(FaultSyntaxError) {
        guard text.unicodeScalars.allSatisfy({ $0 == "\t" || $0.properties.generalCategory != .control })
        else {
            throw FaultSyntaxError(text, "a fault is printable text: it holds a control character")
        }
    }

    private static func probability(_ text: Substring, in whole: String) throws(FaultSyntaxError) -> Double {
        let trimmed = text.trimmingWhitespace()
        let isPercent = trimmed.hasSuffix("%")
        let number = isPercent ? trimmed.dropLast().trimmingWhitespace() : trimmed
        guard let value = Double(number), value.isFinite else {
            throw FaultSyntaxError(
                whole, "'\(text)' is not a probability: use 0...1 or a percentage (0.1 or 10%)")
        }
        let fraction = isPercent ? value / 100 : value
        guard (0...1).contains(fraction) else {
            throw FaultSyntaxError(whole, "the probability '\(text)' is not within 0...1 (0%...100%)")
        }
        return fraction
    }

    private static func effect(_ text: Substring, in whole: String) throws(FaultSyntaxError) -> Effect {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false).map {
            $0.trimmingWhitespace()
        }
        let name = fields[0].lowercased()
        let arguments = Array(fields.dropFirst())
        if let code = Int(name) {
            return .fail(try status(code, arguments, in: whole))
        }
        switch name {
        case "reset":
            guard arguments.count <= 1 else {
                throw FaultSyntaxError(whole, "reset takes one argument at most")
            }
            guard
                let point = arguments.first.map({ Fault.ResetPoint(rawValue: $0.lowercased()) })
                    ?? .beforeResponse
            else {
                throw FaultSyntaxError(whole, "reset takes 'before' or 'mid-body'")
            }
            return .fail(.reset(point))
        case "stall", "truncate":
            guard arguments.isEmpty else { throw FaultSyntaxError(whole, "\(name) takes no argument") }
            return .fail(name == "stall" ? .stall : .truncatedBody)
        case "slow":
            guard arguments.count == 1 else {
                throw FaultSyntaxError(
                    whole, "slow takes BYTES_PER_SECOND (slow:8192) or CHUNKSxPAUSE (slow:4x0.25)")
            }
            return .fail(.slowBody(try pace(arguments[0], in: whole)))
        case "latency":
            guard (1...2).contains(arguments.count) else {
                throw FaultSyntaxError(
                    whole, "latency takes a delay and optionally ':body' (latency:2, latency:0.5:body)")
            }
            guard let delay = ResponseDelay(parsing: String(arguments[0])) else {
                throw FaultSyntaxError(
                    whole,
                    "'\(arguments[0])' is not a delay: seconds (2), MIN...MAX (0.1...0.9) or BASE±JITTER, "
                        + "in \(ServerLimits.text(ServerLimits.delaySeconds)) s")
            }
            guard
                let phase = arguments.count == 2
                    ? LatencyPhase(rawValue: arguments[1].lowercased()) : .beforeHeaders
            else {
                throw FaultSyntaxError(
                    whole, "latency is held before the 'headers' (the default) or the 'body'")
            }
            return .delay(delay, phase)
        case "redirect":
            guard arguments.count <= 1 else {
                throw FaultSyntaxError(whole, "redirect takes one argument at most")
            }
            return .fail(.redirect(try redirectTarget(arguments.first, in: whole)))
        default:
            throw FaultSyntaxError(
                whole,
                "unknown fault '\(fields[0])': use a status (400...599), reset, stall, truncate, slow, latency or redirect"
            )
        }
    }

    private static func status(_ code: Int, _ arguments: [Substring], in whole: String)
        throws(FaultSyntaxError)
        -> Fault
    {
        guard (400...599).contains(code) else {
            throw FaultSyntaxError(whole, "status \(code) is not an error status: use 400...599")
        }
        switch arguments.count {
        case 0:
            return .status(code, retryAfter: Fault.defaultRetryAfter(status: code))
        case 1 where arguments[0].lowercased() == "none":
            return .status(code, retryAfter: nil)
        case 1:
            let range = ServerLimits.retryAfterSeconds
            guard let seconds = Int(arguments[0]), range.contains(seconds) else {
                throw FaultSyntaxError(
                    whole,
                    "Retry-After '\(arguments[0])' is not whole seconds in \(range.lowerBound)...\(range.upperBound) or 'none'"
                )
            }
            return .status(code, retryAfter: seconds)
        default:
            throw FaultSyntaxError(whole, "a status takes one argument at most: its Retry-After seconds")
        }
    }

    private static func redirectTarget(_ text: Substring?, in whole: String) throws(FaultSyntaxError)
        -> RedirectTarget
    {
        let ports = RedirectTarget.ports
        switch text?.lowercased() {
        case nil, "same": return .same
        case "loop": return .loop
        case "outside": return .outside
        case let argument?:
            let parts = argument.split(separator: "=", omittingEmptySubsequences: false)
            if parts.count == 2, parts[0].trimmingWhitespace() == "port",
                let port = Int(parts[1].trimmingWhitespace()), ports.contains(port)
            {
                return .port(port)
            }
            throw FaultSyntaxError(
                whole,
                "redirect goes to 'same' (the default), 'port=N' (N in \(ports.lowerBound)...\(ports.upperBound)), "
                    + "'loop' or 'outside'")
        }
    }

    private static func pace(_ text: Substring, in whole: String) throws(FaultSyntaxError) -> BodyPace {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        let rates = ServerLimits.bytesPerSecond
        let counts = ServerLimits.chunkCount
        if parts.count == 1, let rate = Int(parts[0]), rates.contains(rate) {
            return .bytesPerSecond(rate)
        }
        if parts.count == 2, let count = Int(parts[0]), counts.contains(count),
            case .fixed(let pause)? = ResponseDelay(parsing: String(parts[1]))
        {
            return .chunks(count, pause: pause)
        }
        throw FaultSyntaxError(
            whole,
            "'\(text)' is not a pace: BYTES_PER_SECOND in \(rates.lowerBound)...\(rates.upperBound) (8192) "
                + "or CHUNKSxPAUSE (4x0.25: \(counts.lowerBound)...\(counts.upperBound) chunks, a pause in "
                + "\(ServerLimits.text(ServerLimits.delaySeconds)) s)"
        )
    }
}

/// A fault written in a form ``FaultRule/init(parsing:)`` does not read.
public struct FaultSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    /// What is wrong with it and what to write instead.
    public let problem: String

    init(_ text: String, _ problem: String) {
        self.text = text
        self.problem = problem
    }

    /// `fault 'bogus@1': unknown fault 'bogus': use …`.
    public var description: String { "fault '\(text)': \(problem)" }
}
