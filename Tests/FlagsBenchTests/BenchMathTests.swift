import Testing

@testable import FlagsBench

@Suite struct BenchMathTests {
    @Test(arguments: [
        ([3.0], 3.0),
        ([5.0, 1, 3], 3.0),
        ([0.52, 0.51, 0.56, 0.50], 0.515),
        ([10.0, 2, 4, 8], 6.0),
        ([2.0, 2, 9], 2.0),
    ])
    func medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes(values: [Double], expected: Double) {
        #expect(BenchMath.median(values) == expected)
    }

    @Test func medianOfNothingIsUnknown() {
        #expect(BenchMath.median([]) == nil)
    }

    @Test(arguments: [
        (10.0, 0.5, 20.0 as Double?),
        (10.06, 10.06, 1.0),
        (1.0, 4.0, 0.25),
        (1.0, 0.0, nil),
    ])
    func speedupIsBaselineOverMeasured(baseline: Double, measured: Double, expected: Double?) {
        #expect(BenchMath.speedup(baseline: baseline, measured: measured) == expected)
    }

    @Test(arguments: [
        (20, 20, 0.5, 0.5),  // one round
        (20, 1, 0.5, 10.0),  // sequential: twenty rounds
        (20, 7, 0.5, 1.5),  // ceil(20 / 7) = 3 rounds, not 20 / 7 = 2.86
        (194, 50, 0.5, 2.0),  // ceil(3.88) = 4
        (194, 200, 0.5, 0.5),  // more slots than codes: still one round
        (676, 100, 0.1, 0.7000000000000001),  // ceil(6.76) = 7 rounds of 0.1 s
        (20, 20, 0.0, 0.0),
    ])
    func idealIsWholeRoundsOfTheDelay(codes: Int, concurrency: Int, delay: Double, expected: Double) {
        #expect(BenchMath.idealSeconds(codes: codes, concurrency: concurrency, delay: delay) == expected)
    }

    @Test(arguments: [
        (0.5, 0.5, 1.0 as Double?),
        (0.5, 0.625, 0.8),
        (10.0, 12.5, 0.8),
        (0.0, 0.5, nil),  // no delay: nothing to compare against
        (0.5, 0.0, nil),
    ])
    func efficiencyIsIdealOverMeasured(ideal: Double, measured: Double, expected: Double?) {
        #expect(BenchMath.efficiency(ideal: ideal, measured: measured) == expected)
    }

    @Test func littlesLawMultipliesThroughputByLatency() {
        // 194 flags in 0.56 s is 346.4 flags/s; each held 0.5 s: about 173 in flight on average.
        let inFlight = BenchMath.littlesLaw(count: 194, elapsed: 0.56, latency: 0.5)
        #expect(abs(inFlight - 173.214) < 0.001)
        #expect(BenchMath.littlesLaw(count: 20, elapsed: 10, latency: 0.5) == 1)
        #expect(BenchMath.littlesLaw(count: 20, elapsed: 0, latency: 0.5) == 0)
    }

    @Test(arguments: [
        (2.0, 1.0, 2.0 as Double?),
        (0.05, 10.0, 0.005),
        (1.0, 0.0, nil),
    ])
    func cpuPerWallCountsBusyCores(cpu: Double, wall: Double, expected: Double?) {
        #expect(BenchMath.cpuPerWall(cpu: cpu, wall: wall) == expected)
    }

    @Test(arguments: [(0.5234, 3, 0.523), (0.5235001, 3, 0.524), (19.349, 1, 19.3), (2.5, 0, 3.0)])
    func roundingKeepsTheGivenPlaces(value: Double, places: Int, expected: Double) {
        #expect(BenchMath.rounded(value, places: places) == expected)
    }
}
