import Synchronization

/// Counts requests per country code and resource during one server run, so each request
/// knows its attempt number (1 for the first).
final class AttemptCounter: Sendable {
    /// One slot per (code, resource): index `codeIndex * 2 + resource.ordinal`.
    private let counts = Mutex(
        [UInt32](repeating: 0, count: FlagRoute.codeCount * FlagResource.allCases.count))

    /// Records one more request for `route` and returns its attempt number.
    func next(for route: FlagRoute) -> Int {
        let slot = route.codeIndex * FlagResource.allCases.count + route.resource.ordinal
        return counts.withLock { counts in
            counts[slot] &+= 1
            return Int(counts[slot])
        }
    }
}
