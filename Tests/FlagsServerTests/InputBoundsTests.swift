import FlagsServer
import Foundation
import Testing

@testable import FlagsServer

/// Everything that enters the server is checked finite and in range before it is converted:
/// huge, infinite and NaN values are refused with a message, never a trap.
@Suite(.timeLimit(.minutes(5))) struct InputBoundsTests {
    @Test(arguments: [
        "1e10", "9.3e9", "1e300", "inf", "-inf", "nan", "-1", "3600.001", "0...1e19", "1e19...1e20",
        "1±1e300", "1e300±1", "1+-1e10", "0x1p70",
    ])
    func aDelayOutOfRangeIsRefusedNotConverted(text: String) {
        #expect(ResponseDelay(parsing: text) == nil)
    }

    @Test func theLimitsThemselvesAreAccepted() throws {
        #expect(ResponseDelay(parsing: "3600") == .fixed(.seconds(3600)))
        #expect(ResponseDelay(parsing: "0") == .zero)
        #expect(ResponseDelay(parsing: "0...3600") == .uniform(.zero...(.seconds(3600))))
        #expect(try FaultRule(parsing: "slow:1000000000") == .fail(.slowBody(.bytesPerSecond(1_000_000_000))))
        #expect(
            try FaultRule(parsing: "slow:10000x3600")
                == .fail(.slowBody(.chunks(10_000, pause: .seconds(3600)))))
        #expect(try FaultRule(parsing: "429:3600").effect == .fail(.status(429, retryAfter: 3600)))
    }

    @Test(arguments: [
        "slow:4x1e10@1%", "slow:4x1e10", "slow:1x1e300", "slow:1xinf", "slow:1xnan",
        "slow:99999999999999999999", "slow:1000000001", "slow:0", "slow:-1", "slow:10001x1",
        "latency:1e10", "latency:1e300:body", "latency:inf", "latency:0...1e19", "503@1e400%", "503@nan",
        "503@inf", "503@-0.1", "503@101%", "429:99999999999999999999", "429:3601", "429:-1",
        "99999999999999999999", "-503",
    ])
    func aFaultOutOfRangeIsASyntaxError(text: String) {
        #expect(throws: FaultSyntaxError.self) { try FaultRule(parsing: text) }
    }

    @Test(arguments: [
        (#"{"delay": "1e10"}"#, "delay '1e10'"),
        (#"{"delay": 1e10}"#, "delay '10000000000.0'"),
        (#"{"delay": 1e300}"#, "delay '1e+300'"),
        (#"{"delay": -1}"#, "delay '-1.0'"),
        (#"{"error_rate": 1e300}"#, "error_rate 1e+300 is not in 0...1"),
        (#"{"error_rate": -0.5}"#, "error_rate -0.5 is not in 0...1"),
        (#"{"port": 70000}"#, "port 70000 is not in 0...65535"),
        (#"{"fail_first": 9223372036854775807}"#, "fail_first 9223372036854775807 is not in 0...1000"),
        (#"{"max_in_flight": 0}"#, "max_in_flight 0 is not in 1...1000000"),
        (#"{"max_in_flight": 9223372036854775807}"#, "max_in_flight 9223372036854775807"),
        (#"{"faults": ["slow:4x1e10@1%"]}"#, "faults: fault 'slow:4x1e10@1%'"),
        (#"{"faults": ["latency:1e300"]}"#, "faults: fault 'latency:1e300'"),
        (#"{"fail_with": "slow:1x1e10"}"#, "fail_with: fault 'slow:1x1e10'"),
    ])
    func aProfileDocumentOutOfRangeNamesTheField(json: String, problem: String) {
        do {
            _ = try ServerProfile(json: Array(json.utf8))
            Issue.record("\(json) was accepted")
        } catch {
            #expect(error.description.contains(problem), "\(error)")
        }
    }

    @Test func aProfileBuiltInCodeOutOfRangeIsRefusedWithAMessageNotATrap() {
        var profile = ServerProfile.local
        profile.errorRate = 1e300
        profile.delay = .fixed(.seconds(Int64.max))
        profile.faults = [.fail(.teapot, probability: .nan), .fail(.slowBody(.bytesPerSecond(.max)))]
        profile.maxInFlight = .max
        let problems = profile.problems
        #expect(problems.count == 5, "\(problems)")
        #expect(throws: FlagServerError.self) { try profile.validate() }
        // Shown in messages without trapping either.
        #expect(!profile.summary.isEmpty && !profile.description.isEmpty)
    }

    @Test(arguments: [
        #"{"delay": "1e10"}"#, #"{"delay": 1e10}"#, #"{"faults": ["slow:4x1e10@1%"]}"#,
        #"{"error_rate": 1e300}"#, #"{"faults": ["latency:1e300:body"]}"#, #"{"max_in_flight": 0}"#,
    ])
    func aHugeProfileOverHTTPIsA400AndTheServerLivesOn(body: String) async throws {
        try await withFixtureServer { server in
            let request =
                Array(
                    "PUT /_lab/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.utf8.count)\r\n"
                        .utf8)
                + Array("Connection: close\r\n\r\n".utf8) + Array(body.utf8)
            let bytes = try await RawHTTPClient.exchange(request, port: server.port)
            let answer = try #require(RawHTTPResponse.parse(bytes, methods: ["PUT"]).first)
            #expect(answer.status == 400)
            let field = body.split(separator: "\"")[1]
            #expect(String(decoding: answer.body, as: UTF8.self).contains(field), "names \(field)")
            #expect(server.profile == .local)
            // Before the fix the first of these killed the server (SIGILL): it still serves.
            #expect(try await RawHTTPClient.fetch("GET", "/flags/br/br.png", port: server.port).status == 200)
        }
    }

    @Test func aConfigurationWithATimeoutBelowAMillisecondIsRefused() async throws {
        let configuration = FlagServerConfiguration(
            root: TestFixture.shared.root, idleTimeout: .microseconds(100))
        await #expect(throws: FlagServerError.self) { _ = try await FlagServer.start(configuration) }
    }

    @Test func secondsBecomeDurationsOnlyWithinTheirRange() {
        #expect(ServerLimits.duration(seconds: 0.5, within: ServerLimits.delaySeconds) == .milliseconds(500))
        #expect(
            ServerLimits.duration(seconds: 0.001, within: ServerLimits.timeoutSeconds) == .milliseconds(1))
        for seconds in [Double.nan, .infinity, -.infinity, 1e10, 1e300, -1, 0.0001, .greatestFiniteMagnitude]
        {
            #expect(ServerLimits.duration(seconds: seconds, within: ServerLimits.timeoutSeconds) == nil)
        }
    }

    @Test func durationsOfAnySizeBecomeTextWithoutATrap() {
        #expect(Duration.seconds(Int64.max).nanoseconds == .max)
        #expect(Duration.seconds(Int64.min).nanoseconds == .min)
        #expect(Duration.milliseconds(-500).secondsText == "-0.5")
        #expect(Duration.milliseconds(1500).secondsText == "1.5")
        #expect(!Duration.seconds(Int64.max).secondsText.isEmpty)
    }
}
