import FlagsCore
import FlagsShared
import Testing

@testable import FlagsServer

@Suite struct RequestPlannerTests {
    private static let codes = CountryCodes.all.map { $0.lowercased() }
    private static let jittery = ServerProfile(
        name: "JITTER",
        defaultPort: 0,
        delay: .uniform(.milliseconds(100)...(.milliseconds(900))),
        errorRate: 0.25
    )

    @Test func splitMixMatchesItsReferenceOutput() {
        // First outputs of SplitMix64 seeded with 0, as published with the algorithm.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func theSameSeedPlansTheSameDelaysAndErrorsForEveryCode() {
        let first = RequestPlanner(seed: 42, profile: Self.jittery)
        let second = RequestPlanner(seed: 42, profile: Self.jittery)
        for code in Self.codes {
            for resource in FlagResource.allCases {
                for attempt in 1...3 {
                    #expect(
                        first.plan(code: code, resource: resource, attempt: attempt)
                            == second.plan(code: code, resource: resource, attempt: attempt)
                    )
                }
            }
        }
    }

    @Test func anotherSeedPlansDifferently() {
        let plans = { (seed: UInt64) in
            Self.codes.map {
                RequestPlanner(seed: seed, profile: Self.jittery).plan(code: $0, resource: .image, attempt: 1)
            }
        }
        #expect(plans(1) != plans(2))
    }

    @Test func attemptsAndResourcesPlanIndependently() {
        let planner = RequestPlanner(seed: 7, profile: Self.jittery)
        let delays = Set(
            FlagResource.allCases.flatMap { resource in
                (1...50).map { planner.plan(code: "br", resource: resource, attempt: $0).delay }
            }
        )
        #expect(delays.count > 90)
    }

    @Test(arguments: ["br", "BR", "Br"])
    func codesPlanAlikeInAnyCase(code: String) {
        let planner = RequestPlanner(seed: 3, profile: Self.jittery)
        #expect(
            planner.plan(code: code, resource: .image, attempt: 2)
                == planner.plan(code: "br", resource: .image, attempt: 2))
    }

    @Test func uniformDelaysStayInTheirRangeAndSpreadOverIt() {
        let planner = RequestPlanner(seed: 99, profile: Self.jittery)
        let delays = (1...5_000).map { planner.plan(code: "fr", resource: .image, attempt: $0).delay }
        #expect(delays.allSatisfy { (.milliseconds(100)...(.milliseconds(900))).contains($0) })
        let mean = delays.reduce(Duration.zero, +) / delays.count
        #expect((.milliseconds(480)...(.milliseconds(520))).contains(mean))
        #expect(delays.min()! < .milliseconds(110))
        #expect(delays.max()! > .milliseconds(890))
    }

    @Test(arguments: [0.0, 0.1, 0.25, 0.5, 0.9, 1.0])
    func failsTheConfiguredFractionOfRequests(rate: Double) {
        var profile = ServerProfile.error
        profile.errorRate = rate
        let planner = RequestPlanner(seed: 2024, profile: profile)
        let plans = Self.codes.flatMap { code in
            (1...25).map { planner.plan(code: code, resource: .image, attempt: $0) }
        }
        let failed = Double(plans.filter { $0.fault == .teapot }.count) / Double(plans.count)
        if rate == 0 || rate == 1 {
            #expect(failed == rate)
        } else {
            #expect(abs(failed - rate) < 0.02)
        }
    }

    @Test func theErrorRateDoesNotMoveTheDelays() {
        var calm = Self.jittery
        calm.errorRate = 0
        let withErrors = RequestPlanner(seed: 5, profile: Self.jittery)
        let withoutErrors = RequestPlanner(seed: 5, profile: calm)
        for code in Self.codes {
            #expect(
                withErrors.plan(code: code, resource: .image, attempt: 1).delay
                    == withoutErrors.plan(code: code, resource: .image, attempt: 1).delay
            )
        }
    }

    @Test(arguments: [ServerProfile.local, .delay, .error])
    func fixedDelayProfilesHoldEveryResponseTheSame(profile: ServerProfile) {
        let planner = RequestPlanner(seed: 11, profile: profile)
        let delays = Set(Self.codes.map { planner.plan(code: $0, resource: .image, attempt: 1).delay })
        #expect(delays == [profile.delay.maximum])
        if profile == .local {
            #expect(
                Self.codes.allSatisfy {
                    planner.plan(code: $0, resource: .metadata, attempt: 1) == RequestPlan()
                })
        }
    }
}
