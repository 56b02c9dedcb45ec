import Testing

@testable import FlagsBench

@Suite struct BenchRowTests {
    @Test func summarisesTheRunsIntoMedianMinMaxIdealAndEfficiency() {
        var row = BenchRow(
            strategy: .async, delay: 0.5, codes: 20, concurrency: 20,
            runs: [0.52, 0.5, 0.56].map { Fixtures.run(elapsed: $0) }, debugBuild: false,
            command: "flags-async")
        #expect(row.elapsed == [0.52, 0.5, 0.56])
        #expect(row.median == 0.52)
        #expect(row.min == 0.5)
        #expect(row.max == 0.56)
        #expect(row.ideal == 0.5)
        #expect(row.efficiency == 0.962)  // 0.5 / 0.52 = 0.9615…
        #expect(row.speedup == nil)
        row.setSpeedup(baseline: 10.06)
        #expect(row.speedup == 19.35)  // 10.06 / 0.52 = 19.346…
    }

    @Test func anEvenNumberOfRunsTakesTheMeanOfTheMiddleTwo() {
        let row = BenchRow(
            strategy: .pool, delay: 0.5, codes: 20, concurrency: 7,
            runs: [1.6, 1.52, 1.58, 1.5].map { Fixtures.run(elapsed: $0) }, debugBuild: false, command: "")
        #expect(row.median == 1.55)
        #expect(row.ideal == 1.5)  // ceil(20 / 7) = 3 rounds
        #expect(row.efficiency == 0.968)
    }

    @Test func withoutAKnownDelayThereIsNoIdealNorEfficiency() {
        let row = BenchRow(
            strategy: .pool, delay: nil, codes: 20, concurrency: 20, runs: [Fixtures.run(elapsed: 0.5)],
            debugBuild: false, command: "")
        #expect(row.ideal == nil)
        #expect(row.efficiency == nil)
    }

    @Test func withNoDelayTheIdealIsZeroAndEfficiencyUnknown() {
        let row = BenchRow(
            strategy: .pool, delay: 0, codes: 20, concurrency: 20, runs: [Fixtures.run(elapsed: 0.01)],
            debugBuild: false, command: "")
        #expect(row.ideal == 0)
        #expect(row.efficiency == nil)
    }

    @Test func countsTakeTheHonestExtremeOfTheRuns() {
        let runs = [
            Fixtures.run(elapsed: 0.5, concurrency: 255, inFlight: 250, server: 251, ok: 194, notFound: 482),
            Fixtures.run(elapsed: 0.6, concurrency: 250, inFlight: 255, server: 255, ok: 190, errors: 4),
            Fixtures.run(elapsed: 0.7, concurrency: 255, inFlight: 240, server: 243, ok: 194),
        ]
        let row = BenchRow(
            strategy: .pool, delay: 0.5, codes: 676, concurrency: 676, runs: runs, debugBuild: true,
            command: "")
        #expect(row.concurrencyDelivered == 250)
        #expect(row.maxInFlight == 255)
        #expect(row.serverMaxInFlight == 255)
        #expect(row.ok == 190)
        #expect(row.notFound == 482)
        #expect(row.errors == 4)
        #expect(row.debugBuild)
    }

    @Test func theServerCountIsOnlyGivenWhenEveryRunHasIt() {
        let runs = [Fixtures.run(elapsed: 0.5, server: 20), Fixtures.run(elapsed: 0.5, server: nil)]
        let row = BenchRow(
            strategy: .async, delay: 0.5, codes: 20, concurrency: 20, runs: runs, debugBuild: false,
            command: "")
        #expect(row.serverMaxInFlight == nil)
        #expect(row.maxInFlight == 20)
    }

    @Test func cpuIsTheMedianAndMemoryThePeak() {
        let runs = [
            Fixtures.run(elapsed: 1, wall: 1.0, cpu: 2.0, rssKB: 10_240),
            Fixtures.run(elapsed: 1, wall: 2.0, cpu: 3.0, rssKB: 30_720),
            Fixtures.run(elapsed: 1, wall: 1.0, cpu: 1.9, rssKB: 20_480),
        ]
        let row = BenchRow(
            strategy: .async, delay: 0.5, codes: 20, concurrency: 20, runs: runs, debugBuild: false,
            command: "")
        #expect(row.cpu == 2.0)
        #expect(row.cpuPerWall == 1.9)  // ratios 2.0, 1.5, 1.9
        #expect(row.peakRSS == 30.0)
    }

    @Test func csvAndJSONShareOneListOfFields() {
        let row = Fixtures.row(.curl, concurrency: 20, medians: [0.5])
        let names = row.fields.map(\.name)
        #expect(names.first == "strategy")
        #expect(Set(names).count == names.count)
        for required in [
            "median_s", "speedup", "ideal_s", "efficiency", "max_in_flight", "server_max_in_flight",
            "cpu_per_wall", "peak_rss_mb", "debug_build",
        ] {
            #expect(names.contains(required), "\(required)")
        }
    }
}
