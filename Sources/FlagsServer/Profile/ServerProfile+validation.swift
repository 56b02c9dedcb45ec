extension ServerProfile {
    /// The most attempts ``failFirst`` may fail: more is surely a typo.
    public static let failFirstLimit = ServerLimits.failFirst.upperBound

    /// Checks every value a caller or a profile file may have set.
    ///
    /// - Throws: ``FlagServerError/Code-swift.struct/invalidConfiguration`` naming the first bad value.
    public func validate() throws(FlagServerError) {
        if let problem = problems.first {
            throw FlagServerError.invalidConfiguration(problem)
        }
    }

    /// Every problem with this profile, in the order ``validate()`` reports them.
    var problems: [String] {
        var problems: [String] = []
        if !ServerLimits.port.contains(defaultPort) {
            problems.append("port \(defaultPort) is not in 0...65535")
        }
        // NaN is in no range, so every `contains` below refuses it too.
        let errorRateIsValid = ServerLimits.probability.contains(errorRate)
        if !errorRateIsValid {
            problems.append("error rate \(errorRate) is not in 0...1")
        }
        if !Self.isWithinLimit(delay) {
            problems.append("delay \(delay) is not within 0...\(ResponseDelay.limit.secondsText) s")
        }
        var failing = errorRateIsValid ? errorRate : 0
        var delaying = 0.0
        for rule in faults {
            guard ServerLimits.probability.contains(rule.probability) else {
                problems.append("fault \(rule): probability \(rule.probability) is not in 0...1")
                continue
            }
            switch rule.effect {
            case .fail(let fault):
                failing += rule.probability
                problems += Self.problems(fault).map { "fault \(rule): \($0)" }
            case .delay(let delay, _):
                delaying += rule.probability
                if !Self.isWithinLimit(delay) {
                    problems.append(
                        "fault \(rule): delay not within 0...\(ResponseDelay.limit.secondsText) s")
                }
            }
        }
        // A request gets at most one failure: their chances must fit in one draw (a little slack
        // for decimal fractions that do not add up exactly in binary).
        if failing > 1 + 1e-9 {
            problems.append(
                "the failures' probabilities (error rate included) add up to \(Self.percent(failing)), more than 100 %"
            )
        }
        if delaying > 1 + 1e-9 {
            problems.append(
                "the latencies' probabilities add up to \(Self.percent(delaying)), more than 100 %")
        }
        if !(0...Self.failFirstLimit).contains(failFirst) {
            problems.append("fail-first \(failFirst) is not in 0...\(Self.failFirstLimit)")
        }
        problems += Self.problems(failWith).map { "fail-with \(FaultRule.faultText(failWith)): \($0)" }
        if let maxInFlight, !ServerLimits.maxInFlight.contains(maxInFlight) {
            problems.append(
                "max in flight \(maxInFlight) is not in \(ServerLimits.maxInFlight.lowerBound)...\(ServerLimits.maxInFlight.upperBound)"
            )
        }
        return problems
    }

    private static func isWithinLimit(_ delay: ResponseDelay) -> Bool {
        let bounds: [Duration] =
            switch delay {
            case .fixed(let duration): [duration]
            case .uniform(let range): [range.lowerBound, range.upperBound]
            }
        return bounds.allSatisfy { $0 >= .zero && $0 <= ResponseDelay.limit }
    }

    private static func problems(_ fault: Fault) -> [String] {
        switch fault {
        case .status(let code, let retryAfter):
            var problems: [String] = []
            if !(400...599).contains(code) { problems.append("status \(code) is not in 400...599") }
            if let retryAfter, !ServerLimits.retryAfterSeconds.contains(retryAfter) {
                problems.append("Retry-After \(retryAfter) is not in 0...3600 s")
            }
            return problems
        case .slowBody(.bytesPerSecond(let rate)) where !ServerLimits.bytesPerSecond.contains(rate):
            return ["a slow body needs at least 1 byte/s and at most 1000000000 bytes/s"]
        case .slowBody(.chunks(let count, let pause))
        where !ServerLimits.chunkCount.contains(count) || pause < .zero || pause > ResponseDelay.limit:
            return ["a chunked body takes 1...10000 chunks and a pause within 0...3600 s"]
        case .redirect(.port(let port)) where !RedirectTarget.ports.contains(port):
            return ["a redirect's port \(port) is not in 1...65535"]
        case .reset, .stall, .truncatedBody, .slowBody, .redirect:
            return []
        }
    }
}
