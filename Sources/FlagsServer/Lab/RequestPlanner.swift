/// Decides, for each request, how long to hold it and whether to fail it.
///
/// A plan is a pure function of (seed, country code, resource, attempt): the same seed gives the
/// same delays and the same failures for each code on every run, whatever order or concurrency
/// the requests arrive in. Attempts are counted per code *and* per resource (the first request
/// for `br.png` is attempt 1, and so is the first for BR's `metadata.json`), so a client that
/// fetches both files sees the same image outcomes as one that fetches only the image.
///
/// Each request draws, from independent streams:
/// 1. its delay from the profile's ``ServerProfile/delay``;
/// 2. at most one failure: attempts up to ``ServerProfile/failFirst`` get
///    ``ServerProfile/failWith``; later ones draw one number `u` in `0..<1`, answer 418 if
///    `u < errorRate` (the ERROR server's rule), else take the first `.fail` rule whose
///    cumulative probability exceeds `u`;
/// 3. at most one injected latency, the same way over the `.delay` rules, and its length.
///
/// Each decision draws from its own stream (``Stream``), so adding a kind of fault does not
/// change the delays and errors an existing seed produces.
public struct RequestPlanner: Sendable {
    /// The seed every decision derives from.
    public let seed: UInt64
    /// The delays and faults to draw from.
    public let profile: ServerProfile
    /// The `.fail` rules with their cumulative upper bounds, error rate first.
    private let failures: [(bound: Double, fault: Fault)]
    /// The `.delay` rules with their cumulative upper bounds.
    private let latencies: [(bound: Double, delay: ResponseDelay, phase: LatencyPhase)]

    /// Creates a planner for `profile` with decisions fixed by `seed`.
    public init(seed: UInt64, profile: ServerProfile) {
        self.seed = seed
        self.profile = profile
        var failures: [(Double, Fault)] = []
        var latencies: [(Double, ResponseDelay, LatencyPhase)] = []
        var failed = profile.errorRate
        var delayed = 0.0
        if profile.errorRate > 0 {
            failures.append((failed, .teapot))
        }
        for rule in profile.faults where rule.probability > 0 {
            switch rule.effect {
            case .fail(let fault):
                failed += rule.probability
                failures.append((failed, fault))
            case .delay(let delay, let phase):
                delayed += rule.probability
                latencies.append((delayed, delay, phase))
            }
        }
        self.failures = failures
        self.latencies = latencies
    }

    /// The plan for the `attempt`-th request (counting from 1) for `resource` of `code`.
    ///
    /// - Parameters:
    ///   - code: A country code, in either case (`"BR"` and `"br"` plan alike).
    ///   - resource: The file requested.
    ///   - attempt: How many requests for this code and resource the server has seen, this one
    ///     included.
    public func plan(code: String, resource: FlagResource, attempt: Int) -> RequestPlan {
        plan(codeKey: Self.codeKey(code), resource: resource, attempt: attempt)
    }

    /// The plan for a code already reduced to its key (see ``codeKey(_:)``): the server's hot path.
    func plan(codeKey: UInt64, resource: FlagResource, attempt: Int) -> RequestPlan {
        var key = SplitMix64.combine(SplitMix64.mix(seed), codeKey)
        key = SplitMix64.combine(key, UInt64(resource.ordinal))
        key = SplitMix64.combine(key, UInt64(truncatingIfNeeded: attempt))

        var plan = RequestPlan()
        if profile.delay != .zero {
            plan.delay = profile.delay.duration(at: Self.draw(.delay, key))
        }
        if attempt <= profile.failFirst {
            plan.fault = profile.failWith
        } else if !failures.isEmpty {
            // The ERROR server's teapot rule is the first interval, so its seeds answer as before.
            let draw = Self.draw(.error, key)
            plan.fault = failures.first { draw < $0.bound }?.fault
        }
        if !latencies.isEmpty {
            let draw = Self.draw(.latency, key)
            if let latency = latencies.first(where: { draw < $0.bound }) {
                let extra = latency.delay.duration(at: Self.draw(.latencyLength, key))
                switch latency.phase {
                case .beforeHeaders: plan.delay += extra
                case .beforeBody: plan.bodyDelay = extra
                }
            }
        }
        return plan
    }

    /// The independent random streams a plan draws from; never renumber existing cases.
    enum Stream: UInt64 {
        case delay = 1
        case error = 2
        case latency = 3
        case latencyLength = 4
    }

    /// A value in `0..<1` for `stream`, fixed by the request's `key`.
    static func draw(_ stream: Stream, _ key: UInt64) -> Double {
        SplitMix64.unitInterval(SplitMix64.combine(key, stream.rawValue))
    }

    /// A code's bytes (lower-cased ASCII) packed big-endian into an integer: `"br"` → `0x6272`.
    /// Codes longer than eight bytes are folded through the hash instead.
    static func codeKey(_ code: String) -> UInt64 {
        var key: UInt64 = 0
        for (index, byte) in code.lowercased().utf8.enumerated() {
            key = index < 8 ? key << 8 | UInt64(byte) : SplitMix64.combine(key, UInt64(byte))
        }
        return key
    }
}

/// What the server will do with one request, decided before it does any of it.
public struct RequestPlan: Sendable, Equatable {
    /// How long to hold the response before sending anything (the profile's delay plus any
    /// latency injected before the headers).
    public var delay: Duration
    /// How long to wait between the headers and the body (a latency injected before the body).
    public var bodyDelay: Duration
    /// What to do instead of serving the file, or `nil` to serve it (or answer 404).
    public var fault: Fault?

    /// Creates a plan.
    public init(delay: Duration = .zero, bodyDelay: Duration = .zero, fault: Fault? = nil) {
        self.delay = delay
        self.bodyDelay = bodyDelay
        self.fault = fault
    }

    /// What a request following this plan ends as, given whether the file exists.
    public func outcome(fileExists: Bool) -> LabOutcome {
        fault?.outcome ?? (fileExists ? .ok : .notFound)
    }
}
