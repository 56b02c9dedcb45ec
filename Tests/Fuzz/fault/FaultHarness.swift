// Fuzz target `fault`: the fault-rule text of `flags-server --fault`, `--fail-with`, a profile
// file's `faults` and `PUT /_lab/profile`.
//
// Entry points: `FaultRule(parsing:)` and `FaultRule.fault(parsing:)`, on the input as UTF-8 text.
// Invariants (ids for FUZZ_IGNORE):
//   fault.probability   a parsed rule's probability is finite and in 0...1
//   fault.range         every duration is in 0...ResponseDelay.limit, a uniform range is not
//                       reversed, a status is 400...599 with Retry-After nil or 0...3600, a pace
//                       has >= 1 byte/s or 1...10000 chunks, a redirect's port is 1...65535 and
//                       its Location printable ASCII
//   fault.validate      what the parser accepts, ServerProfile.validate() accepts too
//   fault.roundtrip     `description` parses back to the same rule (`faultText` to the same fault)
//   fault.agree         `fault(parsing: t)` succeeds only if `FaultRule(parsing: t)` gives the same
//                       fault with probability 1
//   fault.plan          the planner's delay for any draw lies within the rule's range
//   fault.pieces        a slow body's pieces add up to the body's length
// A trap anywhere (an Int64 conversion, an overflow) is a failure too.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFaultRule(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = fuzzText(fuzzBytes(data, size))
    if let rule = try? FaultRule(parsing: text) {
        checkRule(rule, text: text)
    }
    if let fault = try? FaultRule.fault(parsing: text) {
        checkFault(fault, in: text)
        let rule = try? FaultRule(parsing: text)
        Invariant.check(
            "fault.agree", rule == FaultRule.fail(fault),
            "fault(parsing:) gave \(fault) but FaultRule(parsing:) gave \(String(describing: rule)) for \(quoted(text))"
        )
        let written = FaultRule.faultText(fault)
        let reread = try? FaultRule.fault(parsing: written)
        Invariant.check(
            "fault.roundtrip", reread == fault,
            "\(quoted(text)) → \(fault) → \(quoted(written)) → \(String(describing: reread))")
    }
    return 0
}

private func checkRule(_ rule: FaultRule, text: String) {
    Invariant.check(
        "fault.probability", rule.probability.isFinite && (0...1).contains(rule.probability),
        "probability \(rule.probability) from \(quoted(text))")
    switch rule.effect {
    case .fail(let fault):
        checkFault(fault, in: text)
    case .delay(let delay, _):
        checkDelay(delay, in: text)
    }
    let profile = ServerProfile(name: "FUZZ", defaultPort: 0, delay: .zero, faults: [rule])
    Invariant.check(
        "fault.validate", profile.problems.isEmpty,
        "\(quoted(text)) parsed, but validate() says: \(profile.problems.joined(separator: "; "))")
    // Everything the server and `--list-profiles` print about a rule must not trap either.
    _ = profile.summary
    let written = rule.description
    let reread = try? FaultRule(parsing: written)
    Invariant.check(
        "fault.roundtrip", reread == rule,
        "\(quoted(text)) → \(rule) → \(quoted(written)) → \(String(describing: reread))")
}

private func checkFault(_ fault: Fault, in text: String) {
    switch fault {
    case .status(let code, let retryAfter):
        Invariant.check(
            "fault.range", (400...599).contains(code) && (retryAfter.map { (0...3600).contains($0) } ?? true),
            "status \(code), Retry-After \(String(describing: retryAfter)) from \(quoted(text))")
    case .slowBody(let pace):
        switch pace {
        case .bytesPerSecond(let rate):
            Invariant.check("fault.range", rate >= 1, "slow body at \(rate) bytes/s from \(quoted(text))")
        case .chunks(let count, let pause):
            Invariant.check(
                "fault.range", (1...10_000).contains(count) && isWithinLimit(pause),
                "slow body in \(count) chunks, \(pause) apart, from \(quoted(text))")
        }
        for length in [1, 2, 7, 20_000] {
            let pieces = pace.pieces(of: length)
            Invariant.check(
                "fault.pieces", pieces.sizes.reduce(0, +) == length && pieces.sizes.allSatisfy { $0 > 0 },
                "\(pace) cuts \(length) bytes into \(pieces.sizes.count) pieces adding up to \(pieces.sizes.reduce(0, +))"
            )
        }
    case .redirect(let target):
        if case .port(let port) = target {
            Invariant.check(
                "fault.range", (1...65_535).contains(port), "redirect to port \(port) from \(quoted(text))")
        }
        let location = target.location(code: "br", file: "br.png", isLoopReturn: false, ownPort: 8000)
        Invariant.check(
            "fault.range", location.utf8.allSatisfy { (0x21...0x7E).contains($0) },
            "redirect Location \(quoted(location)) from \(quoted(text))")
    case .reset, .stall, .truncatedBody:
        break
    }
}

private func checkDelay(_ delay: ResponseDelay, in text: String) {
    switch delay {
    case .fixed(let duration):
        Invariant.check("fault.range", isWithinLimit(duration), "delay \(duration) from \(quoted(text))")
    case .uniform(let range):
        Invariant.check(
            "fault.range", isWithinLimit(range.lowerBound) && isWithinLimit(range.upperBound),
            "delay \(range) from \(quoted(text))")
    }
    for fraction in [0, 0.5, 1.0.nextDown] {
        let drawn = delay.duration(at: fraction)
        let low: Duration =
            switch delay {
            case .fixed(let duration): duration
            case .uniform(let range): range.lowerBound
            }
        Invariant.check(
            "fault.plan", drawn >= low && drawn <= delay.maximum,
            "\(delay) drew \(drawn) at \(fraction) from \(quoted(text))")
    }
    _ = delay.description
    _ = delay.argument
}

private func isWithinLimit(_ duration: Duration) -> Bool {
    duration >= .zero && duration <= ResponseDelay.limit
}
