import FlagsServer
import Testing

@Suite struct FaultRuleTests {
    @Test(arguments: [
        ("503@10%", FaultRule.fail(.status(503, retryAfter: 1), probability: 0.1)),
        ("503", .fail(.status(503, retryAfter: 1))),
        ("429:5@0.05", .fail(.status(429, retryAfter: 5), probability: 0.05)),
        ("503:none@1%", .fail(.status(503, retryAfter: nil), probability: 0.01)),
        ("500@5%", .fail(.status(500, retryAfter: nil), probability: 0.05)),
        ("500:3", .fail(.status(500, retryAfter: 3))),
        ("418@25%", .fail(.teapot, probability: 0.25)),
        ("404@50%", .fail(.status(404, retryAfter: nil), probability: 0.5)),
        ("599", .fail(.status(599, retryAfter: nil))),
        ("reset@2%", .fail(.reset(.beforeResponse), probability: 0.02)),
        ("reset:before", .fail(.reset(.beforeResponse))),
        ("reset:mid-body@0.5", .fail(.reset(.midBody), probability: 0.5)),
        ("RESET:MID-BODY", .fail(.reset(.midBody))),
        ("stall@1%", .fail(.stall, probability: 0.01)),
        ("truncate@2.5%", .fail(.truncatedBody, probability: 0.025)),
        ("slow:8192@10%", .fail(.slowBody(.bytesPerSecond(8192)), probability: 0.1)),
        ("slow:4x0.25", .fail(.slowBody(.chunks(4, pause: .milliseconds(250))))),
        ("latency:2@5%", FaultRule(.delay(.fixed(.seconds(2)), .beforeHeaders), probability: 0.05)),
        (
            "latency:0.1...0.9",
            FaultRule(.delay(.uniform(.milliseconds(100)...(.milliseconds(900))), .beforeHeaders))
        ),
        (
            "latency:0.5±0.1:body",
            FaultRule(.delay(.uniform(.milliseconds(400)...(.milliseconds(600))), .beforeBody))
        ),
        ("latency:1:headers@0%", FaultRule(.delay(.fixed(.seconds(1)), .beforeHeaders), probability: 0)),
        (" stall @ 100% ", .fail(.stall, probability: 1)),
    ])
    func parsesEveryKindOfFault(text: String, rule: FaultRule) throws {
        #expect(try FaultRule(parsing: text) == rule)
    }

    @Test(arguments: [
        ("", "unknown fault"), ("bogus@1", "unknown fault 'bogus'"), ("200", "not an error status"),
        ("600", "not an error status"), ("503@", "not a probability"), ("503@1.5", "not within 0...1"),
        ("503@-1%", "not within 0...1"), ("503@101%", "not within 0...1"), ("503@ten", "not a probability"),
        ("503@1@2", "more than one '@'"), ("503:-1", "Retry-After"), ("503:3601", "Retry-After"),
        ("503:1:2", "one argument at most"), ("reset:later", "'before' or 'mid-body'"),
        ("stall:5", "takes no argument"), ("truncate:half", "takes no argument"), ("slow", "slow takes"),
        ("slow:0", "not a pace"), ("slow:4x", "not a pace"), ("slow:0x1", "not a pace"),
        ("slow:4x0.1...0.2", "not a pace"), ("latency", "latency takes"), ("latency:-1", "not a delay"),
        ("latency:1:tail", "'headers'"), ("latency:3601", "not a delay"), ("503@nan", "not a probability"),
        ("503@0.2\u{0}junk", "control character"), ("slow:2x1\u{0}0", "control character"),
    ])
    func refusesMalformedFaultsSayingWhy(text: String, problem: String) {
        let error = #expect(throws: FaultSyntaxError.self) { try FaultRule(parsing: text) }
        #expect(
            error?.description.contains(problem) == true,
            "\(error.map(String.init(describing:)) ?? "no error")")
        #expect(error?.text == text)
    }

    @Test(arguments: [
        "503@10%", "429:5@5%", "503:none@1%", "500@5%", "418@25%", "reset@2%", "reset:mid-body@2%",
        "stall@1%",
        "truncate@2.5%", "slow:8192@10%", "slow:4x0.25@10%", "latency:2@5%", "latency:0.1...0.9:body@12.5%",
        "503", "latency:0.333@0.001%",
        // Found by the fuzz target: 20.6 % is not exactly 0.206 once divided by 100.
        "slow:2x310@0.206", "latency:0.0001",
    ])
    func theTextFormReadsBackAsTheSameRule(text: String) throws {
        let rule = try FaultRule(parsing: text)
        #expect(rule.description == text)
        #expect(try FaultRule(parsing: rule.description) == rule)
    }

    @Test func everyPresetRuleReadsBackFromItsText() throws {
        for profile in ServerProfile.presets {
            for rule in profile.faults {
                #expect(try FaultRule(parsing: rule.description) == rule, "\(profile.name): \(rule)")
            }
        }
    }

    @Test func failWithTakesAFaultWithoutProbabilityAndNoLatency() throws {
        #expect(try FaultRule.fault(parsing: "500") == .status(500, retryAfter: nil))
        #expect(try FaultRule.fault(parsing: "reset:mid-body") == .reset(.midBody))
        #expect(throws: FaultSyntaxError.self) { try FaultRule.fault(parsing: "500@10%") }
        let error = #expect(throws: FaultSyntaxError.self) { try FaultRule.fault(parsing: "latency:1") }
        #expect(error?.problem.contains("a latency is no failure") == true)
    }

    @Test func retryAfterDefaultsToOneSecondFor429And503Only() {
        #expect(Fault.defaultRetryAfter(status: 429) == 1)
        #expect(Fault.defaultRetryAfter(status: 503) == 1)
        #expect(Fault.defaultRetryAfter(status: 500) == nil)
        #expect(Fault.defaultRetryAfter(status: 418) == nil)
        #expect(Fault.teapot == .status(418, retryAfter: nil))
    }
}
