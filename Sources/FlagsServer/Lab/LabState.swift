import Synchronization

/// Everything a running server counts and may change while it runs: the planner (the profile can
/// be replaced), the attempts per code and file, requests in flight, outcomes and connections.
///
/// One lock guards it all, so a snapshot is coherent (`in_flight` never disagrees with
/// `max_in_flight`) and admission against `max-in-flight` is exact. A request takes the lock
/// twice: once to be admitted (and numbered), once when it ends.
final class LabState: Sendable {
    /// The seed of this run.
    let seed: UInt64
    /// When the lab started: tick 0 of the page's strip chart.
    let origin = ContinuousClock.now
    private let state: Mutex<State>

    /// The planner being applied, boxed so that replacing it under the lock is one reference.
    final class CurrentPlanner: Sendable {
        let planner: RequestPlanner

        init(_ planner: RequestPlanner) {
            self.planner = planner
        }
    }

    private struct State {
        var current: CurrentPlanner
        /// One slot per (code, resource): index `codeIndex * 2 + resource.ordinal`.
        var attempts = [UInt32](repeating: 0, count: FlagRoute.codeCount * FlagResource.allCases.count)
        var requests = 0
        var inFlight = 0
        var maxInFlight = 0
        /// The two commonest outcomes have counters of their own: no hashing on the fast path.
        var ok = 0
        var notFound = 0
        var outcomes: [LabOutcome: Int] = [:]

        mutating func count(_ outcome: LabOutcome) {
            switch outcome {
            case .ok: ok += 1
            case .notFound: notFound += 1
            default: outcomes[outcome, default: 0] += 1
            }
        }

        var planner: RequestPlanner { current.planner }
        /// The server is shutting down: what is not delivered from now on was cut.
        var stopping = false
        var connections = ConnectionStats()
        var waiters: [Waiter] = []
        var lastWaiterID = 0
        /// What the lab page watches (``LabWatch``).
        var watch = LabWatch()
    }

    /// A caller of ``waitUntil(_:)`` and what it waits for.
    private struct Waiter {
        let id: Int
        let condition: @Sendable (LabStats) -> Bool
        let continuation: CheckedContinuation<Void, Never>
    }

    /// What ``admit(_:)`` decided for a request.
    enum Admission {
        /// Turned away: `max-in-flight` requests are already in flight. Not counted in flight,
        /// and no attempt is used up (a retry later sees the plan it would have seen).
        case overloaded
        /// Admitted: call ``finish(_:)`` when it ends. A path that names a file has its attempt
        /// number and plan; other paths have attempt 0 and no plan.
        case admitted(attempt: Int, plan: RequestPlan?)
    }

    init(seed: UInt64, profile: ServerProfile) {
        self.seed = seed
        state = Mutex(State(current: CurrentPlanner(RequestPlanner(seed: seed, profile: profile))))
    }

    /// The profile being applied now.
    var profile: ServerProfile {
        state.withLock { $0.planner.profile }
    }

    /// The planner and the attempts so far, read together.
    func plannerAndAttempts() -> (planner: RequestPlanner, attempts: [UInt32]) {
        state.withLock { ($0.planner, $0.attempts) }
    }

    /// Replaces the profile; attempts and stats carry on.
    func setProfile(_ profile: ServerProfile) {
        let current = CurrentPlanner(RequestPlanner(seed: seed, profile: profile))
        let ready = state.withLock { state in
            state.current = current
            return state.watch.changed()
        }
        Self.resume(ready)
    }

    /// Counts a request and decides whether it may proceed; numbers its attempt if `route` names a file.
    func admit(_ route: FlagRoute?) -> Admission {
        let now = ContinuousClock.now
        let tick = LabWatch.tick(of: now, from: origin)
        let (admission, ready) = state.withLock { state -> (Admission, [Continuation]) in
            state.requests += 1
            if let limit = state.planner.profile.maxInFlight, state.inFlight >= limit {
                state.count(.overloaded)
                state.watch.turnedAway(
                    code: route?.codeIndex, outcome: .overloaded, now: now, tick: tick,
                    inFlight: state.inFlight)
                return (.overloaded, Self.takeReady(&state, seed: seed))
            }
            state.watch.admitted(code: route?.codeIndex, tick: tick, before: state.inFlight)
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            guard let route else {
                return (.admitted(attempt: 0, plan: nil), Self.takeReady(&state, seed: seed))
            }
            let slot = route.codeIndex * FlagResource.allCases.count + route.resource.ordinal
            state.attempts[slot] &+= 1
            let attempt = Int(state.attempts[slot])
            // Planned here, under the lock: a plan is a few hashes, and the planner is not
            // retained (its reference count is shared by every thread).
            let plan = state.planner.plan(codeKey: route.codeKey, resource: route.resource, attempt: attempt)
            return (.admitted(attempt: attempt, plan: plan), Self.takeReady(&state, seed: seed))
        }
        Self.resume(ready)
        return admission
    }

    /// Counts a request that was not admitted through ``admit(_:)`` (405s) as finished at once.
    func record(_ outcome: LabOutcome) {
        let now = ContinuousClock.now
        let tick = LabWatch.tick(of: now, from: origin)
        let ready = state.withLock { state in
            state.requests += 1
            state.count(outcome)
            state.watch.turnedAway(
                code: nil, outcome: outcome, now: now, tick: tick, inFlight: state.inFlight)
            return Self.takeReady(&state, seed: seed)
        }
        Self.resume(ready)
    }

    /// Marks the start of shutdown: responses not delivered from now on count as cut.
    func beginShutdown() {
        let ready = state.withLock { state in
            state.stopping = true
            return state.watch.changed()
        }
        Self.resume(ready)
    }

    /// Ends an admitted request with `outcome` if it was `delivered` (or is a fault that sends no
    /// whole response); otherwise with ``LabOutcome/clientGone``, or ``LabOutcome/cutAtShutdown``
    /// once shutdown has begun. `route` is the file requested, if the path named one.
    func finish(_ outcome: LabOutcome, delivered: Bool = true, route: FlagRoute? = nil) {
        let now = ContinuousClock.now
        let tick = LabWatch.tick(of: now, from: origin)
        let ready = state.withLock { state in
            state.inFlight -= 1
            let outcome = delivered ? outcome : state.stopping ? .cutAtShutdown : .clientGone
            state.count(outcome)
            state.watch.finished(
                code: route?.codeIndex, outcome: outcome, now: now, tick: tick, after: state.inFlight)
            return Self.takeReady(&state, seed: seed)
        }
        Self.resume(ready)
    }

    /// Applies `change` to the connection counters.
    func connections(_ change: @Sendable (inout ConnectionStats) -> Void) {
        let ready = state.withLock { state in
            change(&state.connections)
            state.connections.maxOpen = max(state.connections.maxOpen, state.connections.open)
            return Self.takeReady(&state, seed: seed)
        }
        Self.resume(ready)
    }

    /// Zeroes attempts and counts; what is in flight or open now stays, and becomes the new maximum.
    /// Returns the stats as they were just before.
    func reset() -> LabStats {
        let (before, ready) = state.withLock { state in
            let before = Self.snapshot(state, seed: seed)
            state.watch.reset()
            state.attempts = [UInt32](repeating: 0, count: state.attempts.count)
            state.requests = 0
            state.maxInFlight = state.inFlight
            state.outcomes = [:]
            state.ok = 0
            state.notFound = 0
            let open = state.connections.open
            state.connections = ConnectionStats(open: open, maxOpen: open)
            return (before, state.watch.changed())
        }
        Self.resume(ready)
        return before
    }

    /// The stats now.
    var stats: LabStats {
        state.withLock { Self.snapshot($0, seed: seed) }
    }

    /// Returns once `condition` holds for the stats (at once if it holds now), or once the
    /// waiting task is cancelled (a test's time limit ends the wait instead of hanging on it).
    func waitUntil(_ condition: @escaping @Sendable (LabStats) -> Bool) async {
        let id = state.withLock { state in
            state.lastWaiterID += 1
            return state.lastWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let holds = state.withLock { state in
                    // Checked under the lock: a cancellation before this finds no waiter to end.
                    if Task.isCancelled || condition(Self.snapshot(state, seed: seed)) { return true }
                    state.waiters.append(Waiter(id: id, condition: condition, continuation: continuation))
                    return false
                }
                if holds { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume()
        }
    }

    private typealias Continuation = CheckedContinuation<Void, Never>

    /// Notes a change (waking the page's streams) and removes and returns the waiters whose
    /// condition now holds (cheap when nobody waits).
    private static func takeReady(_ state: inout State, seed: UInt64) -> [Continuation] {
        var ready = state.watch.changed()
        guard !state.waiters.isEmpty else { return ready }
        let now = snapshot(state, seed: seed)
        state.waiters.removeAll { waiter in
            guard waiter.condition(now) else { return false }
            ready.append(waiter.continuation)
            return true
        }
        return ready
    }

    private static func resume(_ ready: [Continuation]) {
        for continuation in ready { continuation.resume() }
    }

    // MARK: The lab page

    /// What the lab page shows, now (see ``LabView``).
    func view() -> LabView {
        let tick = LabWatch.tick(of: .now, from: origin)
        return state.withLock { state in
            var byOutcome = state.outcomes.filter { $0.value > 0 }
            if state.ok > 0 { byOutcome[.ok] = state.ok }
            if state.notFound > 0 { byOutcome[.notFound] = state.notFound }
            return LabView(
                version: state.watch.version, profile: state.planner.profile, seed: seed,
                requests: state.requests, inFlight: state.inFlight, maxInFlight: state.maxInFlight,
                byOutcome: byOutcome, connections: state.connections, attempts: state.attempts,
                codeInFlight: state.watch.inFlight, last: state.watch.last, history: state.watch.history,
                tick: tick, idleSince: state.watch.idleSince, stopping: state.stopping)
        }
    }

    /// Returns once the lab's state has changed since `version` (at once if it already has, or if
    /// the server is stopping), or once the waiting task is cancelled.
    func waitForChange(after version: UInt64) async {
        let id = state.withLock { state in
            state.watch.lastWaiterID += 1
            return state.watch.lastWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state in
                    // Checked under the lock: a cancellation before this finds no waiter to end.
                    if Task.isCancelled || state.stopping || state.watch.version != version { return true }
                    state.watch.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.watch.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    private static func snapshot(_ state: State, seed: UInt64) -> LabStats {
        var attempts: [String: Int] = [:]
        var byFile: [String: [String: Int]] = [:]
        for (slot, count) in state.attempts.enumerated() where count > 0 {
            let codeIndex = slot / FlagResource.allCases.count
            let resource = FlagResource.allCases.first { $0.ordinal == slot % FlagResource.allCases.count }!
            let code = FlagRoute.code(at: codeIndex).uppercased()
            attempts[code, default: 0] += Int(count)
            byFile[resource.rawValue, default: [:]][code] = Int(count)
        }
        var byOutcome: [String: Int] = [:]
        for (outcome, count) in state.outcomes.merging(
            [(.ok, state.ok), (.notFound, state.notFound)], uniquingKeysWith: +)
        where count > 0 {
            byOutcome[outcome.description] = count
        }
        return LabStats(
            profile: state.planner.profile.name,
            seed: seed,
            requests: state.requests,
            inFlight: state.inFlight,
            maxInFlight: state.maxInFlight,
            byOutcome: byOutcome,
            attempts: attempts,
            attemptsByFile: byFile,
            connections: state.connections
        )
    }
}
