import FlagsServer
import FlagsShared
import FlagsTestSupport
import Foundation
import Synchronization
import Testing

@testable import FlagsCore

@Suite struct StrategyTests {
    @Test(arguments: Strategy.allCases)
    func downloadsThePopulousTwentyByteIdentical(strategy: Strategy) async throws {
        try await withFlagServer { server in
            let (downloader, directory) = try makeDownloader(server.baseURL)
            defer { directory.remove() }
            let observer = RecordingObserver()
            let tally = try await strategy.run(CountryCodes.pop20, downloader: downloader, observer: observer)
            #expect(tally.ok == 20)
            #expect(tally.isBalanced)
            #expect(observer.results.count == 20)
            #expect(directory.contents() == CountryCodes.pop20.map { "\($0).png" }.sorted())
            for code in CountryCodes.pop20 {
                let saved = FileManager.default.contents(atPath: directory.file("\(code).png")).map {
                    Array($0)
                }
                #expect(saved == ReferenceFlags.png(code), "\(code)")
            }
        }
    }

    @Test(arguments: Strategy.allCases)
    func everyFaultLandsInItsOwnBucketAndNothingBadIsSaved(strategy: Strategy) async throws {
        let png = try #require(ReferenceFlags.png("BR"))
        let server = try ScriptedHTTPServer { request in
            switch code(in: request.path) {
            case "BR": .respond(status: 200, body: png)
            case "TE": .respond(status: 418)
            case "SU": .respond(status: 503)
            case "RS": .reset
            case "TR": .truncated(declared: png.count, body: Array(png.prefix(100)))
            case "BG": .respond(status: 200, body: png + png)
            case "NP": .respond(status: 200, body: Array("<html>not a flag</html>".utf8))
            default: .respond(status: 404)
            }
        }
        defer { server.stop() }
        // No short timeout here: on a loaded machine it could fire on a good answer. The stall has
        // a test of its own, where no good answer shares its timeout.
        var options = ClientOptions.roomy
        options.maxBodyBytes = png.count + 10
        let settings = DownloadSettings(client: options)
        let (downloader, directory) = try makeDownloader(server.baseURL, settings: settings)
        defer { directory.remove() }
        let observer = RecordingObserver()
        let codes = ["BG", "BR", "NP", "RS", "SU", "TE", "TR", "ZZ"]
        let tally = try await strategy.run(codes, downloader: downloader, observer: observer)

        let expected: [String: Outcome] = [
            "BR": .ok, "ZZ": .notFound,
        ]
        let expectedKinds: [String: FailureKind] = [
            "TE": .httpStatus(418), "SU": .httpStatus(503), "RS": .reset, "TR": .truncated,
            "BG": .tooLarge, "NP": .corrupt,
        ]
        for (code, outcome) in expected { #expect(observer.outcome(of: code) == outcome, "\(code)") }
        for (code, kind) in expectedKinds {
            guard case .failed(let failure) = observer.outcome(of: code) else {
                Issue.record(
                    "\(code) should have failed with \(kind), got \(String(describing: observer.outcome(of: code)))"
                )
                continue
            }
            #expect(failure.kind == kind, "\(code)")
        }
        #expect(tally.ok == 1 && tally.notFound == 1 && tally.errors == 6 && tally.isBalanced)
        #expect(tally.attempts == codes.count, "no retries by default")
        #expect(directory.contents() == ["BR.png"], "only the good flag, and no temporary file")
    }

    @Test(arguments: Strategy.allCases)
    func aStalledAnswerIsATimeout(strategy: Strategy) async throws {
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        // Short, and safe: the only answer this timeout can cut is the one that never comes.
        let settings = DownloadSettings(client: ClientOptions(timeout: .milliseconds(300)))
        let (downloader, directory) = try makeDownloader(server.baseURL, settings: settings)
        defer { directory.remove() }
        let observer = RecordingObserver()
        let tally = try await strategy.run(["TO"], downloader: downloader, observer: observer)
        guard case .failed(let failure) = observer.outcome(of: "TO") else {
            Issue.record("TO should time out, got \(String(describing: observer.outcome(of: "TO")))")
            return
        }
        #expect(failure.kind == .timeout)
        #expect(tally.errors == 1 && tally.attempts == 1)
        #expect(directory.contents() == [])
    }

    @Test(arguments: Strategy.allCases)
    func transientFailuresAreRetriedUntilTheyPass(strategy: Strategy) async throws {
        let png = try #require(ReferenceFlags.png("BR"))
        let attempts = Mutex([String: Int]())
        // Fail the first two attempts of every code (503, then a truncated body), then succeed; 404
        // stays 404. (Not a reset: libcurl itself retries, once, a request whose kept-alive
        // connection turns out dead, so the server would see an attempt we did not count.)
        let server = try ScriptedHTTPServer { request in
            let code = code(in: request.path)
            if code == "ZZ" {
                attempts.withLock { $0[code, default: 0] += 1 }
                return .respond(status: 404)
            }
            let attempt = attempts.withLock { attempts in
                attempts[code, default: 0] += 1
                return attempts[code]!
            }
            switch attempt {
            case 1: return .respond(status: 503)
            case 2: return .truncated(declared: png.count, body: Array(png.prefix(10)))
            default: return .respond(status: 200, body: png)
            }
        }
        defer { server.stop() }
        let settings = DownloadSettings(client: .roomy, retries: 3, backoff: .milliseconds(10))
        let (downloader, directory) = try makeDownloader(server.baseURL, settings: settings)
        defer { directory.remove() }
        let observer = RecordingObserver()
        let codes = ["AA", "BB", "CC", "DD", "ZZ"]
        let tally = try await strategy.run(
            codes, downloader: downloader, maxConcurrency: 3, observer: observer)
        #expect(tally.ok == 4)
        #expect(tally.notFound == 1)
        #expect(tally.attempts == 4 * 3 + 1)
        #expect(observer.results.first { $0.code == "AA" }?.attempts == 3)
        #expect(attempts.withLock { $0["ZZ"] } == 1, "404 is never retried")
    }

    @Test(arguments: Strategy.allCases)
    func retriesStopAtTheBudget(strategy: Strategy) async throws {
        let server = try ScriptedHTTPServer { _ in .respond(status: 500) }
        defer { server.stop() }
        let (downloader, directory) = try makeDownloader(
            server.baseURL,
            settings: DownloadSettings(client: .roomy, retries: 2, backoff: .milliseconds(5))
        )
        defer { directory.remove() }
        let tally = try await strategy.run(
            ["AA", "BB"], downloader: downloader, observer: RecordingObserver())
        #expect(tally.errorsByKind == [.httpStatus(500): 2])
        #expect(tally.attempts == 6)
        #expect(server.requestCount == 6)
    }

    @Test(arguments: Strategy.allCases)
    func retryAfterHoldsBackEveryLaterRequestToTheHost(strategy: Strategy) async throws {
        let png = try #require(ReferenceFlags.png("BR"))
        let told = Mutex<ContinuousClock.Instant?>(nil)
        let early = Mutex([String]())
        let server = try ScriptedHTTPServer { request in
            let now = ContinuousClock.now
            if request.index == 0 {
                told.withLock { $0 = now }
                return .respond(status: 429, headers: ["Retry-After": "1"])
            }
            if let told = told.withLock({ $0 }), told.duration(to: now) < .seconds(1) {
                early.withLock { $0.append("\(request.path) after \(told.duration(to: now))") }
            }
            return .respond(status: 200, body: png)
        }
        defer { server.stop() }
        let (downloader, directory) = try makeDownloader(
            server.baseURL,
            settings: DownloadSettings(client: .roomy, retries: 1, backoff: .milliseconds(1))
        )
        defer { directory.remove() }
        // One code first, alone, so the 429 is the very first response; then the rest.
        let tally = try await strategy.run(
            ["AA", "AB", "AC", "AD", "AE", "AF"], downloader: downloader, maxConcurrency: 1,
            observer: RecordingObserver())
        #expect(tally.ok == 6)
        #expect(tally.attempts == 7)
        #expect(early.withLock { $0 } == [], "requests started before Retry-After had passed")
    }

    @Test(arguments: [Strategy.pool, .async])
    func theWindowReachesMaxConcurrencyAndNeverExceedsIt(strategy: Strategy) async throws {
        let width = 25
        let barrier = Barrier(count: width)
        let png = try #require(ReferenceFlags.png("BR"))
        let server = try ScriptedHTTPServer { _ in
            barrier.arriveAndWait()
            return .respond(status: 200, body: png)
        }
        defer { server.stop() }
        let (downloader, directory) = try makeDownloader(server.baseURL)
        defer { directory.remove() }
        let observer = RecordingObserver()
        let codes = Array(CountryCodes.every.prefix(width * 4))
        let tally = try await strategy.run(
            codes, downloader: downloader, maxConcurrency: width, observer: observer)
        #expect(tally.ok == codes.count)
        #expect(barrier.tripped, "\(width) transfers were never in flight together")
        #expect(server.maxInFlight == width)
        #expect(downloader.gauge.maximum == width)
        #expect(observer.announcedConcurrency == [width])
    }

    @Test func sequentialReallyIsOneAtATime() async throws {
        let png = try #require(ReferenceFlags.png("BR"))
        let server = try ScriptedHTTPServer { _ in .respond(status: 200, body: png) }
        defer { server.stop() }
        let (downloader, directory) = try makeDownloader(server.baseURL)
        defer { directory.remove() }
        let observer = RecordingObserver()
        let codes = Array(CountryCodes.all.prefix(30))
        _ = try await Strategy.sequential.run(codes, downloader: downloader, observer: observer)
        #expect(server.maxInFlight == 1)
        #expect(server.connectionsOpened == 1)
        #expect(observer.results.map(\.code) == codes, "in order")
        #expect(observer.announcedConcurrency == [1])
    }

    @Test(arguments: Strategy.allCases)
    func stoppingMidFlightCancelsEverythingAndLeavesNoFile(strategy: Strategy) async throws {
        let cancellation = CancellationSignal()
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let (downloader, directory) = try makeDownloader(server.baseURL, cancellation: cancellation)
        defer { directory.remove() }
        let codes = Array(CountryCodes.all.prefix(40))
        let inFlight = strategy == .sequential ? 1 : 10
        let run = Task {
            try await strategy.run(
                codes, downloader: downloader, maxConcurrency: inFlight, observer: RecordingObserver())
        }
        // Waits on the server's event; the timeout is only a safety net for a broken client.
        #expect(await onOwnThread { server.waitForRequests(inFlight, timeout: .seconds(600)) })
        cancellation.cancel(.interrupted)
        let tally = try await run.value
        #expect(tally.cancelled == codes.count)
        #expect(tally.isBalanced)
        #expect(server.requestCount == inFlight, "nothing new started after the stop")
        #expect(directory.contents() == [])
        #expect(
            await onOwnThread { server.waitForClientCloses(inFlight, timeout: .seconds(600)) },
            "the transfers in flight were aborted"
        )
    }

    @Test(arguments: Strategy.allCases)
    func namesFetchMetadataFirstAndSaveUnderTheCountryName(strategy: Strategy) async throws {
        try await withFlagServer { server in
            let (downloader, directory) = try makeDownloader(
                server.baseURL, settings: DownloadSettings(client: .roomy, useCountryNames: true))
            defer { directory.remove() }
            let observer = RecordingObserver()
            let tally = try await strategy.run(
                ["BR", "CI", "US", "ZZ"], downloader: downloader, observer: observer)
            #expect(tally.ok == 3 && tally.notFound == 1)
            #expect(tally.attempts == 3 * 2 + 1)
            #expect(directory.contents() == ["Brazil.png", "Côte_d_Ivoire.png", "United_States.png"])
            let saved = FileManager.default.contents(atPath: directory.file("Brazil.png")).map { Array($0) }
            #expect(saved == ReferenceFlags.png("BR"))
        }
    }
}

@Suite struct CPUWorkTests {
    @Test(arguments: Strategy.allCases)
    func everyStrategyHashesEachFlagBeforeSavingIt(strategy: Strategy) async throws {
        try await withFlagServer { server in
            let (downloader, directory) = try makeDownloader(
                server.baseURL, settings: DownloadSettings(client: .roomy, cpuWork: 3))
            defer { directory.remove() }
            let observer = RecordingObserver()
            _ = try await strategy.run(["BR", "IN", "ZZ"], downloader: downloader, observer: observer)
            for code in ["BR", "IN"] {
                let expected = CPUWork.run(rounds: 3, over: try #require(ReferenceFlags.png(code)))
                #expect(observer.results.first { $0.code == code }?.checksum == expected)
            }
            #expect(observer.results.first { $0.code == "ZZ" }?.checksum == nil)
        }
    }
}
