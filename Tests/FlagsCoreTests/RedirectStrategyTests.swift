import FlagsCore
import FlagsTestSupport
import Testing

@testable import FlagsServer

/// Each redirect the lab can make, followed (or refused) by each strategy over real libcurl, and
/// every hop counted on both sides: the client's attempts are the requests the servers saw.
@Suite(.timeLimit(.minutes(5))) struct RedirectStrategyTests {
    static let codes = ["BR", "CN", "IN", "ZZ"]

    /// A lab on a free port that answers as `profile` says (quiet, real flags-data).
    private func withLab<T>(
        faults: [String] = [], failFirst: Int = 0, failWith: Fault = .teapot,
        _ body: (FlagServer) async throws -> T
    ) async throws -> T {
        let profile = ServerProfile(
            name: "REDIRECT", defaultPort: 0, delay: .zero,
            faults: try faults.map { try FaultRule(parsing: $0) },
            failFirst: failFirst, failWith: failFirst > 0 ? failWith : .teapot)
        return try await withFlagServer(
            FlagServerConfiguration(profile: profile, seed: 7, root: ReferenceFlags.root), body)
    }

    private func run(
        _ strategy: Strategy, _ server: FlagServer,
        settings: DownloadSettings = DownloadSettings(client: .roomy),
        codes: [String] = codes
    ) async throws -> (Tally, [String: FlagResult], [String]) {
        let (downloader, directory) = try makeDownloader(server.baseURL, settings: settings)
        defer { directory.remove() }
        let observer = RecordingObserver()
        let tally = try await strategy.run(
            codes, downloader: downloader, maxConcurrency: 4, observer: observer)
        let results = Dictionary(uniqueKeysWithValues: observer.results.map { ($0.code, $0) })
        return (tally, results, directory.contents())
    }

    @Test(arguments: Strategy.allCases)
    func aRedirectOnTheSameServerIsFollowedAsOneMoreRequest(_ strategy: Strategy) async throws {
        try await withLab(failFirst: 1, failWith: .redirect(.same)) { server in
            let (tally, results, files) = try await run(strategy, server)
            #expect(tally.ok == 3 && tally.notFound == 1, "\(results)")
            #expect(files == ["BR.png", "CN.png", "IN.png"])
            for code in Self.codes {
                let image = code.lowercased() + ".png"
                #expect(
                    results[code]?.redirects == ["\(server.baseURL)/\(code.lowercased())/\(image)?redirected"]
                )
                #expect(results[code]?.attempts == 2)
            }
            #expect(tally.attempts == server.stats.requests)
            #expect(server.stats.attempts == Dictionary(uniqueKeysWithValues: Self.codes.map { ($0, 2) }))
            // Outcomes are counted once each response is written whole, just after the client has it.
            await server.waitUntil { $0.inFlight == 0 }
            #expect(server.stats[.redirect] == 4)
        }
    }

    @Test(arguments: Strategy.allCases)
    func aRedirectToAnotherLocalPortReachesThatServer(_ strategy: Strategy) async throws {
        try await withLab { target in
            try await withLab(failFirst: 1, failWith: .redirect(.port(target.port))) { server in
                let (tally, results, files) = try await run(strategy, server, codes: ["BR", "IN"])
                #expect(tally.ok == 2, "\(results)")
                #expect(files == ["BR.png", "IN.png"])
                #expect(results["BR"]?.redirects == ["http://127.0.0.1:\(target.port)/flags/br/br.png"])
                #expect(server.stats.attempts == ["BR": 1, "IN": 1])
                #expect(target.stats.attempts == ["BR": 1, "IN": 1])
                #expect(tally.attempts == server.stats.requests + target.stats.requests)
            }
        }
    }

    @Test(arguments: Strategy.allCases)
    func aLoopEndsAtTheLimitWithEveryHopCounted(_ strategy: Strategy) async throws {
        try await withLab(faults: ["redirect:loop"]) { server in
            let settings = DownloadSettings(client: .roomy, maxRedirects: 3)
            let (tally, results, files) = try await run(strategy, server, settings: settings)
            #expect(tally.errors == 4)
            #expect(tally.errorsByKind == [.redirect: 4])
            #expect(files.isEmpty)
            let brazil = "\(server.baseURL)/br/br.png"
            #expect(results["BR"]?.redirects == [brazil + "?loop", brazil, brazil + "?loop"])
            #expect(results["BR"]?.attempts == 4)
            #expect(server.stats.attempts == Dictionary(uniqueKeysWithValues: Self.codes.map { ($0, 4) }))
            #expect(tally.attempts == server.stats.requests)
        }
    }

    /// `outside.localhost` is refused by name. A client that followed it anyway would still only
    /// reach this machine (libcurl resolves `*.localhost` to loopback itself) and this very lab,
    /// which would count a second request: one request per code shows nothing went out.
    @Test(arguments: Strategy.allCases)
    func aRedirectToAnotherHostIsRefusedAndNeverSent(_ strategy: Strategy) async throws {
        try await withLab(faults: ["redirect:outside"]) { server in
            let (tally, results, files) = try await run(
                strategy, server, settings: DownloadSettings(client: .roomy, retries: 2))
            #expect(tally.errorsByKind == [.redirect: 4])
            #expect(files.isEmpty)
            guard case .failed(let failure)? = results["BR"]?.outcome else {
                Issue.record("BR must fail: \(String(describing: results["BR"]))")
                return
            }
            #expect(
                failure.detail.contains("'outside.localhost' refused, not contacted"), "\(failure.detail)")
            #expect(results["BR"]?.redirects.isEmpty == true)
            await server.waitUntil { $0.inFlight == 0 }
            #expect(server.stats.attempts == Dictionary(uniqueKeysWithValues: Self.codes.map { ($0, 1) }))
            #expect(tally.attempts == server.stats.requests)
        }
    }

    @Test(arguments: Strategy.allCases)
    func withNoRedirectsAllowedTheRedirectIsTheAnswer(_ strategy: Strategy) async throws {
        try await withLab(faults: ["redirect"]) { server in
            let settings = DownloadSettings(client: .roomy, maxRedirects: 0)
            let (tally, _, _) = try await run(strategy, server, settings: settings, codes: ["BR"])
            #expect(tally.errorsByKind == [.httpStatus(302): 1])
            #expect(tally.attempts == 1 && server.stats.requests == 1)
        }
    }

    /// With `--names`, the metadata and the image are redirected and counted apart, and the name
    /// still comes from the metadata's country.
    @Test(arguments: Strategy.allCases)
    func metadataAndImageEachGetTheirOwnHops(_ strategy: Strategy) async throws {
        try await withLab(failFirst: 1, failWith: .redirect(.same)) { server in
            let settings = DownloadSettings(client: .roomy, useCountryNames: true, maxRedirects: 1)
            let (tally, results, files) = try await run(strategy, server, settings: settings, codes: ["BR"])
            #expect(tally.ok == 1, "\(results)")
            #expect(files == ["Brazil.png"])
            #expect(results["BR"]?.attempts == 4)
            #expect(server.stats.attemptsByFile == ["image": ["BR": 2], "metadata": ["BR": 2]])
        }
    }

    /// What the lab never sends: no `Location`, a garbled one, a relative one with `..` and a query.
    @Test(arguments: Strategy.allCases)
    func locationsAreReadOffTheWireAndCheckedBeforeAnyHop(_ strategy: Strategy) async throws {
        let png = try #require(ReferenceFlags.png("IN"))
        let server = try ScriptedHTTPServer { request in
            switch request.path {
            case "/flags/br/br.png": .respond(status: 302)
            case "/flags/cn/cn.png": .respond(status: 308, headers: ["Location": "http://[::1"])
            case "/flags/in/in.png":
                .respond(status: 301, headers: ["Location": "../../flags/in/in.png?moved"])
            case "/flags/in/in.png?moved": .respond(status: 200, body: png)
            default: .respond(status: 500)
            }
        }
        defer { server.stop() }
        let (downloader, directory) = try makeDownloader(server.baseURL)
        defer { directory.remove() }
        let observer = RecordingObserver()
        let tally = try await strategy.run(["BR", "CN", "IN"], downloader: downloader, observer: observer)
        #expect(tally.ok == 1 && tally.errorsByKind == [.redirect: 2])
        #expect(directory.contents() == ["IN.png"])
        let details = observer.results.compactMap { result -> String? in
            guard case .failed(let failure) = result.outcome else { return nil }
            return "\(result.code): \(failure.detail)"
        }.sorted()
        #expect(details.count == 2 && details[0].hasPrefix("BR: HTTP 302 without a Location"), "\(details)")
        #expect(details.count == 2 && details[1].hasPrefix("CN: HTTP 308, but its Location 'http://[::1'"))
        #expect(tally.attempts == 4 && server.requestCount == 4)
    }
}
