// Fuzz target `profile`: a profile file and the body of `PUT /_lab/profile`.
//
// Entry point: `ServerProfile(json:base:)`, which decodes a `ProfileDocument` with JSONDecoder and
// applies it with `profile(fallback:)`; then `validate()`, as the server does before using it.
// The first input byte picks the fallback profile (one of the presets); the rest is the JSON.
// Invariants (ids for FUZZ_IGNORE):
//   profile.range       a profile validate() accepts has every field in range: port 0...65535,
//                       error rate and fault probabilities finite in 0...1, delays in
//                       0...ResponseDelay.limit, fail-first 0...1000, max in flight nil or >= 1
//   profile.roundtrip   a valid profile's `json` decodes back to the same profile
//   profile.plan        the planner's delays for a valid profile are in 0...2 × ResponseDelay.limit
// A trap anywhere (decoding, applying, validating, describing, planning) is a failure too.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    guard let selector = bytes.first else { return 0 }
    let fallback = ServerProfile.presets[Int(selector) % ServerProfile.presets.count]
    let json = Array(bytes.dropFirst())
    guard let profile = try? ServerProfile(json: json, base: fallback) else { return 0 }
    // The server reports the problems of a profile it refuses: that text must not trap either.
    let problems = profile.problems
    guard problems.isEmpty, (try? profile.validate()) != nil else { return 0 }
    checkRanges(profile)
    _ = profile.description
    let written = profile.json
    let reread = try? ServerProfile(json: Array(written.utf8), base: .local)
    Invariant.check(
        "profile.roundtrip", reread == profile,
        "\(profile) → \(written) → \(reread.map { "\($0)" } ?? "an error")")
    checkPlans(profile)
    return 0
}

private func checkRanges(_ profile: ServerProfile) {
    func inRange(_ value: Double) -> Bool { value.isFinite && (0...1).contains(value) }
    func inRange(_ delay: ResponseDelay) -> Bool {
        switch delay {
        case .fixed(let duration): duration >= .zero && duration <= ResponseDelay.limit
        case .uniform(let range): range.lowerBound >= .zero && range.upperBound <= ResponseDelay.limit
        }
    }
    Invariant.check(
        "profile.range", (0...65_535).contains(profile.defaultPort), "port \(profile.defaultPort)")
    Invariant.check("profile.range", inRange(profile.errorRate), "error rate \(profile.errorRate)")
    Invariant.check("profile.range", inRange(profile.delay), "delay \(profile.delay)")
    for rule in profile.faults {
        Invariant.check("profile.range", inRange(rule.probability), "fault \(rule): probability")
        if case .delay(let delay, _) = rule.effect {
            Invariant.check("profile.range", inRange(delay), "fault \(rule): delay")
        }
    }
    Invariant.check(
        "profile.range", (0...ServerProfile.failFirstLimit).contains(profile.failFirst),
        "fail-first \(profile.failFirst)")
    Invariant.check(
        "profile.range", profile.maxInFlight.map { $0 >= 1 } ?? true,
        "max in flight \(String(describing: profile.maxInFlight))")
}

private func checkPlans(_ profile: ServerProfile) {
    let planner = RequestPlanner(seed: 42, profile: profile)
    let ceiling = ResponseDelay.limit * 2
    for code in ["br", "us"] {
        for attempt in [1, 2, 3, ServerProfile.failFirstLimit + 1] {
            let plan = planner.plan(code: code, resource: .image, attempt: attempt)
            Invariant.check(
                "profile.plan",
                plan.delay >= .zero && plan.delay <= ceiling && plan.bodyDelay >= .zero
                    && plan.bodyDelay <= ResponseDelay.limit,
                "\(profile): plan \(plan) for \(code) attempt \(attempt)")
        }
    }
}
