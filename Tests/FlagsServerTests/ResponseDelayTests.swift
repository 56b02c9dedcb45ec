import Testing

@testable import FlagsServer

@Suite struct ResponseDelayTests {
    @Test(arguments: [
        ("0", ResponseDelay.zero), ("0.5", .fixed(.milliseconds(500))), ("2", .fixed(.seconds(2))),
        (" 0.25 ", .fixed(.milliseconds(250))),
        ("0.1...0.9", .uniform(.milliseconds(100)...(.milliseconds(900)))),
        ("0...1", .uniform(.zero...(.seconds(1)))), ("0.5...0.5", .fixed(.milliseconds(500))),
        ("0.001", .fixed(.milliseconds(1))), ("3600", .fixed(.seconds(3600))),
    ])
    func parsesSecondsAndRangesOfSeconds(text: String, delay: ResponseDelay) {
        #expect(ResponseDelay(parsing: text) == delay)
    }

    @Test(arguments: [
        "", "-1", "abc", "0.9...0.1", "1...2...3", "nan", "inf", "3601", "1e9", "0.1..0.2", "...1", "1...",
        "0.5s",
    ])
    func refusesAnythingElseAsADelay(text: String) {
        #expect(ResponseDelay(parsing: text) == nil)
    }

    @Test(arguments: [
        (ResponseDelay.zero, "no delay"), (.fixed(.milliseconds(500)), "0.5 s"), (.fixed(.seconds(2)), "2 s"),
        (.uniform(.milliseconds(125)...(.milliseconds(1_500))), "0.125...1.5 s"),
        (.fixed(.microseconds(2_000_500)), "2.0005 s"), (.fixed(.nanoseconds(100_000)), "0.0001 s"),
    ])
    func describesItselfInSeconds(delay: ResponseDelay, text: String) {
        #expect(delay.description == text)
    }

    @Test func aUniformDelayMapsFractionsOntoItsRange() {
        let delay = ResponseDelay.uniform(.milliseconds(100)...(.milliseconds(900)))
        #expect(delay.duration(at: 0) == .milliseconds(100))
        #expect(delay.duration(at: 0.5) == .milliseconds(500))
        #expect(delay.duration(at: 0.999_999_999_9) < .milliseconds(900))
        #expect(delay.maximum == .milliseconds(900))
        #expect(ResponseDelay.fixed(.seconds(1)).duration(at: 0.3) == .seconds(1))
    }
}
