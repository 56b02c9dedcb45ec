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
                text, "a latency is no failure: use a status, reset, stall, truncate or slow")
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
        default:
            throw FaultSyntaxError(
                whole,
                "unknown fault '\(fields[0])': use a status (400...599), reset, stall, truncate, slow or latency"
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
