import Dispatch
import FlagsServer
import FlagsTestSupport
import Foundation
import Testing

@testable import FlagsCore

@Suite struct RetryAfterDecisionTests {
    @Test func aWaitWithinTheLimitIsHonouredAsAsked() {
        #expect(RetryAfter.decide(requested: .seconds(3), limit: .seconds(30)) == .wait(.seconds(3)))
        #expect(RetryAfter.decide(requested: .seconds(30), limit: .seconds(30)) == .wait(.seconds(30)))
        #expect(RetryAfter.decide(requested: .seconds(-5), limit: .seconds(30)) == .wait(.zero))
    }

    @Test func aLongerWaitIsRefusedWithTheWaitAndTheLimitAsTheReason() {
        #expect(
            RetryAfter.decide(requested: .seconds(100_000), limit: .seconds(30))
                == .refuse(reason: "server asked to wait 100000 s; limit 30 s (--max-retry-after)"))
        #expect(
            RetryAfter.decide(requested: .milliseconds(1500), limit: .milliseconds(250))
                == .refuse(reason: "server asked to wait 1.5 s; limit 0.25 s (--max-retry-after)"))
        // Zero means "never wait for a server".
        #expect(RetryAfter.decide(requested: .seconds(1), limit: .zero) != .wait(.seconds(1)))
    }

    @Test func aWaitPastTheDeadlineIsRefused() {
        let decision = RetryAfter.decide(
            requested: .seconds(20), limit: .seconds(30), untilDeadline: .seconds(5))
        #expect(decision == .refuse(reason: "server asked to wait 20 s; the deadline is 5 s away"))
        #expect(
            RetryAfter.decide(requested: .seconds(2), limit: .seconds(30), untilDeadline: .seconds(5))
                == .wait(.seconds(2)))
    }

    /// What libcurl can hand over: any `curl_off_t` of seconds, the year 9999 included.
    @Test(arguments: [Int64.max, Int64.min, 9_000_000_000, 253_402_300_799, 1 << 62])
    func anySecondsCountIsDecidedWithoutTrapping(seconds: Int64) {
        let decision = RetryAfter.decide(
            requested: .seconds(seconds), limit: .seconds(3600), untilDeadline: .seconds(Int64.min))
        if seconds > 0 {
            guard case .refuse(let reason) = decision else {
                Issue.record("\(seconds) s should be refused, got \(decision)")
                return
            }
            #expect(reason.hasPrefix("server asked to wait \(seconds) s"))
        } else {
            #expect(decision == .wait(.zero))
        }
        #expect(RetryAfter.describe(.seconds(seconds)) == "\(seconds) s")
    }

    @Test func theGateNeverStaysClosedPastItsLongestDelay() {
        let gate = HostGate()
        gate.postpone(by: .seconds(Int64.max))
        let opensAt = gate.opensAt
        #expect(opensAt != nil)
        if let opensAt {
            #expect(ContinuousClock.now.duration(to: opensAt) <= HostGate.longestDelay)
        }
        gate.postpone(by: .seconds(Int64.min))  // never shortens, never traps
        #expect(gate.opensAt == opensAt)
    }

    @Test(arguments: [1, 2, 20, 64, Int.max])
    func backoffIsBoundedWhateverTheSettings(retry: Int) {
        let wild = DownloadSettings(backoff: .seconds(Int64.max), maxBackoff: .seconds(Int64.max))
        let wait = wild.backoff(beforeRetry: retry)
        #expect(wait >= .zero && wait <= DownloadSettings.longestBackoff)
        let normal = DownloadSettings(backoff: .milliseconds(200), maxBackoff: .seconds(5))
        let usual = normal.backoff(beforeRetry: retry)
        #expect(usual >= .milliseconds(100) && usual <= .seconds(5))
    }
}

/// A server that asks for an absurd wait fails that one code; every other code still downloads,
/// in every strategy.
@Suite struct HostileRetryAfterTests {
    static let hostile: [(status: Int, retryAfter: String)] = [
        (429, "9000000000"), (503, "9000000000"), (429, "Fri, 31 Dec 9999 23:59:59 GMT"),
        (503, "Fri, 31 Dec 9999 23:59:59 GMT"), (429, "100000"),
    ]

    @Test(arguments: Strategy.allCases, hostile.indices)
    func anOverLongRetryAfterFailsThatCodeAndHoldsBackNoOther(strategy: Strategy, index: Int) async throws {
        let (status, retryAfter) = Self.hostile[index]
        let png = try #require(ReferenceFlags.png("US"))
        let server = try ScriptedHTTPServer { request in
            code(in: request.path) == "BR"
                ? .respond(status: status, headers: ["Retry-After": retryAfter])
                : .respond(status: 200, body: png)
        }
        defer { server.stop() }
        let cancellation = CancellationSignal()
        // Safety net only (nothing is timed): a gate closed for days would leave US waiting, and
        // this turns the hang into a cancelled US, which fails the test.
        let net = DispatchWorkItem { cancellation.cancel(.deadline) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: net)
        defer { net.cancel() }
        let settings = DownloadSettings(client: .roomy, retries: 3, backoff: .milliseconds(1))
        let (downloader, directory) = try makeDownloader(
            server.baseURL, settings: settings, cancellation: cancellation)
        defer { directory.remove() }
        let observer = RecordingObserver()
        // One at a time and BR first: US is asked for only after BR's answer closed (or not) the gate.
        let tally = try await strategy.run(
            ["BR", "US"], downloader: downloader, maxConcurrency: 1, observer: observer)

        let result = try #require(observer.results.first { $0.code == "BR" })
        guard case .failed(let failure) = result.outcome else {
            Issue.record("BR should fail, got \(result.outcome)")
            return
        }
        #expect(failure.kind == .httpStatus(status))
        #expect(failure.detail.hasPrefix("server asked to wait "), "\(failure.detail)")
        #expect(failure.detail.contains("; limit 30 s"), "\(failure.detail)")
        #expect(result.attempts == 1, "a refused wait is not retried")
        #expect(observer.outcome(of: "US") == .ok)
        #expect(tally.ok == 1 && tally.errors == 1 && tally.isBalanced)
        #expect(downloader.gate.opensAt == nil, "the gate stayed open")
        #expect(cancellation.reason == nil, "the safety net did not fire")
        #expect(server.requestCount == 2)
    }

    @Test(arguments: Strategy.allCases)
    func aRetryAfterPastTheDeadlineIsRefused(strategy: Strategy) async throws {
        let png = try #require(ReferenceFlags.png("US"))
        let server = try ScriptedHTTPServer { request in
            code(in: request.path) == "BR"
                ? .respond(status: 429, headers: ["Retry-After": "600"])
                : .respond(status: 200, body: png)
        }
        defer { server.stop() }
        let settings = DownloadSettings(client: .roomy, retries: 1, maxRetryAfter: .seconds(3600))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = FlagStore(directory: directory.path)
        try store.prepare()
        // The deadline is never reached (nothing fires it): only its distance counts.
        let downloader = FlagDownloader(
            site: try FlagSite(baseURL: server.baseURL), store: store, settings: settings,
            deadline: .now.advanced(by: .seconds(300)))
        let observer = RecordingObserver()
        _ = try await strategy.run(
            ["BR", "US"], downloader: downloader, maxConcurrency: 1, observer: observer)
        guard case .failed(let failure) = observer.outcome(of: "BR") else {
            Issue.record("BR should fail, got \(String(describing: observer.outcome(of: "BR")))")
            return
        }
        #expect(failure.detail.hasPrefix("server asked to wait 600 s; the deadline is "), "\(failure.detail)")
        #expect(observer.outcome(of: "US") == .ok)
    }
}

@Suite struct DurationConversionTests {
    @Test(arguments: [
        (Duration.milliseconds(1500), 1500), (.microseconds(100), 1), (.zero, 1), (.seconds(-5), 1),
        (.seconds(Int64.max), Int.max), (.seconds(Int64.min), 1), (.seconds(3600), 3_600_000),
        // More seconds than Int64 holds: `components` would trap.
        (.seconds(Int64.max) * 4, Int.max),
    ])
    func everyDurationBecomesAPositiveMillisecondLimitWithoutTrapping(duration: Duration, expected: Int) {
        #expect(duration.wholeMilliseconds == expected)
    }

    @Test(arguments: [Double.infinity, -.infinity, .nan, 1e300, -1, 0.0001, 3600.001, 9.223372036854775e15])
    func secondsOutsideTheRangeAreRefusedBeforeAnyConversion(seconds: Double) {
        #expect(BoundedSeconds.duration(seconds, in: 0.001...3600) == nil)
    }

    @Test func secondsInRangeBecomeWholeMillisecondsRoundedUp() {
        #expect(BoundedSeconds.duration(0.001, in: 0.001...3600) == .milliseconds(1))
        #expect(BoundedSeconds.duration(0.0015, in: 0.001...3600) == .milliseconds(2))
        #expect(BoundedSeconds.duration(3600, in: 0.001...3600) == .seconds(3600))
        #expect(BoundedSeconds.duration(1e9, in: 0...1e300) == nil, "never wider than a day")
        #expect(BoundedSeconds.describe(0.001...3600) == "between 0.001 and 3600 seconds")
    }
}
