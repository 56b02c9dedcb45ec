import FlagsTimeline

/// Timelines made by hand, with known shapes.
enum Fixtures {
    /// `count` requests on `lanes` threads, `delay` seconds each, one after another per lane; every
    /// `failEvery`-th one failed.
    static func pool(count: Int, lanes: Int, delay: Double = 0.5, failEvery: Int = 7) -> Timeline {
        var attempts: [TimelineAttempt] = []
        for index in 0..<count {
            let lane = index % lanes
            let round = Double(index / lanes)
            let start = round * delay
            let failed = failEvery > 0 && index % failEvery == failEvery - 1
            attempts.append(
                TimelineAttempt(
                    code: code(index), attempt: 1, request: "image", wait: .slot, ready: 0, start: start,
                    connected: round == 0 ? start + 0.001 : nil, firstByte: start + delay * 0.9,
                    end: start + delay * 0.95, cpuDone: nil, saved: failed ? nil : start + delay * 0.99,
                    done: start + delay * 0.99, status: failed ? 418 : 200, outcome: failed ? "418" : "200",
                    failed: failed, newConnection: round == 0, localPort: 40000 + lane,
                    thread: UInt64(lane + 1)))
        }
        let rounds = Double((count + lanes - 1) / lanes)
        return Timeline(
            run: TimelineRun(
                strategy: "pool", codes: count, concurrency: lanes, server: "DELAY", serverDelay: delay,
                elapsed: rounds * delay, lanes: .threads),
            attempts: attempts)
    }

    /// AA, AB, … for the index.
    static func code(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String([letters[(index / 26) % 26], letters[index % 26]])
    }
}
