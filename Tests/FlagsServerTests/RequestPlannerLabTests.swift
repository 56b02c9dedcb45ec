import FlagsCore
import FlagsShared
import Testing

@testable import FlagsServer

@Suite struct RequestPlannerLabTests {
    private static let codes = CountryCodes.all.map { $0.lowercased() }

    private static func profile(_ faults: [String], errorRate: Double = 0, failFirst: Int = 0) throws
        -> ServerProfile
    {
        ServerProfile(
            name: "TEST", defaultPort: 0, delay: .zero, errorRate: errorRate,
            faults: try faults.map { try FaultRule(parsing: $0) }, failFirst: failFirst)
    }

    /// The plans of 194 codes × `attempts` attempts.
    private static func plans(_ profile: ServerProfile, seed: UInt64 = 7, attempts: Int = 20) -> [RequestPlan]
    {
        let planner = RequestPlanner(seed: seed, profile: profile)
        return codes.flatMap { code in
            (1...attempts).map { planner.plan(code: code, resource: .image, attempt: $0) }
        }
    }

    @Test func eachFailureGetsItsShareAndNoRequestGetsTwo() throws {
        let plans = Self.plans(try Self.profile(["503@10%", "reset@20%", "truncate@30%"]), attempts: 50)
        func share(_ fault: Fault?) -> Double {
            Double(plans.filter { $0.fault == fault }.count) / Double(plans.count)
        }
        #expect(abs(share(.status(503, retryAfter: 1)) - 0.1) < 0.015)
        #expect(abs(share(.reset(.beforeResponse)) - 0.2) < 0.02)
        #expect(abs(share(.truncatedBody) - 0.3) < 0.02)
        #expect(abs(share(nil) - 0.4) < 0.02)
    }

    @Test func certainFaultsHitEveryRequestAndZeroChanceNone() throws {
        #expect(Self.plans(try Self.profile(["stall@100%"])).allSatisfy { $0.fault == .stall })
        #expect(
            Self.plans(try Self.profile(["stall@0%", "latency:1@0%"])).allSatisfy { $0 == RequestPlan() })
    }

    @Test func theErrorRateComesFirstSoErrorSeedsAnswerAsBefore() throws {
        // ERROR's 418s are the first interval of the draw: adding faults after them moves none.
        let before = Self.plans(try Self.profile([], errorRate: 0.25))
        let after = Self.plans(try Self.profile(["503@10%", "latency:2@50%"], errorRate: 0.25))
        #expect(zip(before, after).allSatisfy { ($0.fault == .teapot) == ($1.fault == .teapot) })
        #expect(after.contains { $0.fault == .status(503, retryAfter: 1) })
    }

    @Test func latenciesAddToTheDelayOrHoldTheBodyAndCombineWithFailures() throws {
        var profile = try Self.profile(["latency:2@50%", "latency:1:body@50%", "500@50%"])
        profile.delay = .fixed(.milliseconds(500))
        let plans = Self.plans(profile, attempts: 10)
        #expect(Set(plans.map(\.delay)) == [.milliseconds(500), .milliseconds(2_500)])
        #expect(Set(plans.map(\.bodyDelay)) == [.zero, .seconds(1)])
        // A request gets one latency at most: never both.
        #expect(!plans.contains { $0.delay == .milliseconds(2_500) && $0.bodyDelay == .seconds(1) })
        // Latency and failure are drawn apart: all four pairings happen.
        #expect(plans.contains { $0.bodyDelay == .seconds(1) && $0.fault != nil })
        #expect(plans.contains { $0.bodyDelay == .seconds(1) && $0.fault == nil })
    }

    @Test func latencyRangesStayInRange() throws {
        let plans = Self.plans(try Self.profile(["latency:0.1...0.9@100%"]), attempts: 10)
        #expect(plans.allSatisfy { (.milliseconds(100)...(.milliseconds(900))).contains($0.delay) })
        #expect(Set(plans.map(\.delay)).count > 100)
    }

    @Test func theFirstKAttemptsFailThenTheCatalogueApplies() throws {
        var profile = try Self.profile([], failFirst: 2)
        profile.failWith = .status(500, retryAfter: nil)
        let planner = RequestPlanner(seed: 3, profile: profile)
        for code in Self.codes {
            #expect(
                planner.plan(code: code, resource: .image, attempt: 1).fault == .status(500, retryAfter: nil))
            #expect(
                planner.plan(code: code, resource: .metadata, attempt: 2).fault
                    == .status(500, retryAfter: nil))
            #expect(planner.plan(code: code, resource: .image, attempt: 3).fault == nil)
            #expect(planner.plan(code: code, resource: .image, attempt: 40).fault == nil)
        }
    }

    @Test func theSameSeedPlansTheSameHostileRunAndAnotherSeedDoesNot() {
        #expect(Self.plans(.hostile, seed: 42) == Self.plans(.hostile, seed: 42))
        #expect(Self.plans(.hostile, seed: 42) != Self.plans(.hostile, seed: 43))
    }

    @Test(arguments: [
        (Fault.status(503, retryAfter: 1), true, LabOutcome.status(503)),
        (.reset(.beforeResponse), true, .reset),
        (.reset(.midBody), false, .resetMidBody), (.stall, true, .stall), (.truncatedBody, true, .truncated),
        (.slowBody(.bytesPerSecond(10)), true, .slowBody),
    ])
    func aPlanNamesItsOutcome(fault: Fault, exists: Bool, outcome: LabOutcome) {
        #expect(RequestPlan(fault: fault).outcome(fileExists: exists) == outcome)
        #expect(RequestPlan().outcome(fileExists: true) == .ok)
        #expect(RequestPlan().outcome(fileExists: false) == .notFound)
    }

    @Test(arguments: [
        (
            BodyPace.bytesPerSecond(100), 250,
            [
                10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
                10, 10,
            ], Duration.milliseconds(100)
        ),
        (.bytesPerSecond(1000), 250, [100, 100, 50], .milliseconds(100)),
        // 5 bytes/s: one byte every 0.2 s (it used to be every 0.1 s, twice the rate asked for).
        (.bytesPerSecond(5), 3, [1, 1, 1], .milliseconds(200)),
        (.bytesPerSecond(1), 2, [1, 1], .seconds(1)),
        (.chunks(4, pause: .milliseconds(250)), 10, [3, 3, 2, 2], .milliseconds(250)),
        (.chunks(4, pause: .seconds(1)), 2, [1, 1], .seconds(1)),
        (.chunks(3, pause: .seconds(1)), 0, [], .zero),
    ])
    func aSlowBodyIsCutIntoPiecesThatAddUp(pace: BodyPace, length: Int, sizes: [Int], pause: Duration) {
        let pieces = pace.pieces(of: length)
        #expect(pieces.sizes == sizes)
        #expect(pieces.pause == pause)
        #expect(pieces.sizes.reduce(0, +) == length)
    }
}
