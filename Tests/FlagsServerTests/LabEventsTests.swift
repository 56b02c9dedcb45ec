import FlagsCore
import FlagsServer
import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

@testable import FlagsServer

/// `/_lab/events` and the lab page, from a live server over real sockets. Every wait is for
/// something the server sends; the one clock read bounds a count by the time it took.
@Suite(.timeLimit(.minutes(5))) struct LabEventsTests {
    /// The lab's state as a page would hold it: the snapshot with every update applied.
    struct Model {
        var requests = 0
        var inFlight = 0
        var maxInFlight = 0
        var byOutcome: [String: Int] = [:]
        var codes: [String] = []
        /// Code → (attempts, in flight, latest outcome).
        var flags: [String: (attempts: Int, inFlight: Int, last: String?)] = [:]
        var updates = 0
        var end: String?

        init(_ events: [EventStreamClient.Event]) {
            for event in events {
                let json = event.json
                if event.name == "end" {
                    end = json["reason"] as? String
                    continue
                }
                if event.name == "snapshot" {
                    codes = json["codes"] as? [String] ?? []
                    flags = [:]
                } else {
                    updates += 1
                }
                requests = json["requests"] as? Int ?? -1
                inFlight = json["in_flight"] as? Int ?? -1
                maxInFlight = json["max_in_flight"] as? Int ?? -1
                byOutcome = json["by_outcome"] as? [String: Int] ?? [:]
                for (code, value) in json["flags"] as? [String: [Any]] ?? [:] {
                    flags[code] = (value[0] as? Int ?? -1, value[1] as? Int ?? -1, value[2] as? String)
                }
            }
        }

        /// Attempts per code, as `/_lab/stats` has them (codes never requested left out).
        var attempts: [String: Int] {
            flags.compactMapValues { $0.attempts > 0 ? $0.attempts : nil }
        }
    }

    private static func json(_ response: RawHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test func aStreamStartsWithASnapshotOfEveryFlagAndWhatWasServed() async throws {
        try await withFixtureServer { server in
            #expect(await CurlResult.fetch(server.baseURL + "/br/br.png").status == 200)
            #expect(await CurlResult.fetch(server.baseURL + "/zz/zz.png").status == 404)
            await server.waitUntil { $0.inFlight == 0 }
            let stream = try EventStreamClient(port: server.port)
            let received = await stream.waitUntil { !$0.events.isEmpty }
            #expect(received.status == 200)
            #expect(received.headers["content-type"] == "text/event-stream; charset=utf-8")
            #expect(received.headers["cache-control"] == "no-store")
            let first = try #require(received.events.first)
            #expect(first.name == "snapshot")
            let model = Model([first])
            #expect(model.codes.count == 194)
            #expect(model.codes.first == "AD" && model.codes.contains("BR"))
            #expect(model.flags["BR"]?.attempts == 1 && model.flags["BR"]?.last == "ok")
            #expect(model.flags["ZZ"]?.attempts == 1 && model.flags["ZZ"]?.last == "not_found")
            #expect(model.flags["FR"]?.attempts == 0 && model.flags["FR"]?.last == nil)
            #expect(model.requests == 2 && model.byOutcome == ["ok": 1, "not_found": 1])
            stream.leave()
        }
    }

    @Test func aBurstOfEveryCodeIsAFewMessagesThatAgreeWithTheStats() async throws {
        // Every code from AA to ZZ at once, each held 0.3 s, a quarter answered 418: 676 requests
        // and 1,352 changes of the lab's state.
        let profile = ServerProfile(
            name: "BURST", defaultPort: 0, delay: .fixed(.milliseconds(300)), errorRate: 0.25)
        var configuration = FlagServerConfiguration(profile: profile, seed: 7, root: ReferenceFlags.root)
        // The stream is ended by the server's shutdown once every request has been answered, not
        // by `until_idle`: on a loaded machine the burst's tasks can start more than any idle
        // time apart. The grace only has to outlast a slow scheduler (see the shutdown test).
        configuration.shutdownGrace = .seconds(600)
        try await withFixtureServer(configuration) { server in
            let stream = try EventStreamClient(port: server.port)
            await stream.waitUntil { !$0.events.isEmpty }
            let start = ContinuousClock.now
            let client = try AsyncClient(
                options: ClientOptions(timeout: .seconds(600), connectTimeout: .seconds(300)))
            let requests = CountryCodes.every.map { code in
                let url = "\(server.baseURL)/\(code.lowercased())/\(code.lowercased()).png"
                return Task { try? await client.get(url).status }
            }
            var statuses: [Int: Int] = [:]
            for request in requests { statuses[await request.value ?? 0, default: 0] += 1 }
            await client.shutdown()
            // The server counts a response once its last byte is written, which can be a moment
            // after the client has read it.
            await server.waitUntil { $0.inFlight == 0 }
            let stats = try Self.json(try await RawHTTPClient.fetch("GET", "/_lab/stats", port: server.port))
            await server.shutdown()
            let received = await stream.ended()
            let elapsed = ContinuousClock.now - start

            let model = Model(received.events)
            #expect(model.end == "shutdown")
            // At most one update per 0.1 s, plus the last one sent as the stream ends: however
            // slow the machine, 1,352 changes may not make 1,352 messages.
            let bound = Int(elapsed / .milliseconds(100)) + 2
            #expect(model.updates >= 1 && model.updates <= bound, "\(model.updates) updates in \(elapsed)")
            #expect(statuses[200, default: 0] > 100 && statuses[418, default: 0] > 100, "\(statuses)")
            // What the page ends with is what /_lab/stats says.
            #expect(model.requests == stats["requests"] as? Int)
            #expect(model.requests == 676)
            #expect(model.byOutcome == stats["by_outcome"] as? [String: Int])
            #expect(model.inFlight == 0 && model.inFlight == stats["in_flight"] as? Int)
            #expect(model.maxInFlight == stats["max_in_flight"] as? Int)
            #expect(model.attempts == stats["attempts"] as? [String: Int])
            // Each code was asked once: its latest outcome is its only one.
            var lasts: [String: Int] = [:]
            for flag in model.flags.values { lasts[flag.last ?? "none", default: 0] += 1 }
            #expect(lasts == model.byOutcome)
        }
    }

    @Test func untilIdleWaitsForAFirstRequestThenEndsOnceTheServerIdles() async throws {
        try await withFixtureServer { server in
            let stream = try EventStreamClient(port: server.port, target: "/_lab/events?until_idle=0.2")
            await stream.waitUntil { !$0.events.isEmpty }
            #expect(await CurlResult.fetch(server.baseURL + "/br/br.png").status == 200)
            let received = await stream.ended()
            let model = Model(received.events)
            #expect(model.end == "idle")
            // The stream did not end before the request: it saw it.
            #expect(model.requests == 1 && model.flags["BR"]?.last == "ok")
            #expect(received.events.last?.name == "end")
        }
    }

    @Test func aServerThatStopsEndsItsStreams() async throws {
        var configuration = FlagServerConfiguration(profile: .local, root: ReferenceFlags.root)
        configuration.quiet = true
        // A grace far beyond any scheduler delay: on a loaded machine the default 2 s can pass
        // before a stream has written its `end`, and the cut would look like a stream that never
        // ends. A stream that truly never ended would still fail: the suite's time limit is shorter.
        configuration.shutdownGrace = .seconds(600)
        let server = try await FlagServer.start(configuration)
        let streams = try (0..<3).map { _ in try EventStreamClient(port: server.port) }
        for stream in streams { await stream.waitUntil { !$0.events.isEmpty } }
        // Returns (the time limit would fail a shutdown that waits for the streams forever)…
        await server.shutdown()
        for stream in streams {
            // …and every stream was told why it ended.
            let received = await stream.ended()
            #expect(Model(received.events).end == "shutdown")
        }
    }

    @Test(arguments: ["abc", "0", "-1", "nan", "inf", "1e300", "1e3", "86401", "0x10", ".", ""])
    func untilIdleOutOfRangeIsRefused(value: String) async throws {
        try await withFixtureServer { server in
            let response = try await RawHTTPClient.fetch(
                "GET", "/_lab/events?until_idle=\(value)", port: server.port)
            #expect(response.status == 400)
            #expect(String(decoding: response.body, as: UTF8.self).contains("until_idle"))
        }
    }

    @Test func aPageOfAnotherOriginIsRefused() async throws {
        try await withFixtureServer { server in
            let foreign = try EventStreamClient(port: server.port, headers: ["Origin: http://evil.example"])
            let refused = await foreign.ended()
            #expect(refused.status == 403 && refused.events.isEmpty)
            // The lab's own page is welcome.
            let page = try EventStreamClient(
                port: server.port, headers: ["Origin: http://127.0.0.1:\(server.port)"])
            #expect(await page.waitUntil { !$0.events.isEmpty }.status == 200)
            page.leave()
            // The reset button's request, from another site: refused, and nothing is reset.
            #expect(await CurlResult.fetch(server.baseURL + "/br/br.png").status == 200)
            let reset =
                Array(
                    "POST /_lab/reset HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nOrigin: http://evil.example\r\n"
                        .utf8)
                + Array("Content-Length: 0\r\nConnection: close\r\n\r\n".utf8)
            let answer = RawHTTPResponse.parse(
                try await RawHTTPClient.exchange(reset, port: server.port), methods: ["POST"])
            #expect(answer.first?.status == 403)
            #expect(server.stats.requests == 1)
            // The same from the page itself (its Reset button): done.
            let own =
                Array(
                    "POST /_lab/reset HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nOrigin: http://127.0.0.1:\(server.port)\r\n"
                        .utf8) + Array("Content-Length: 0\r\nConnection: close\r\n\r\n".utf8)
            let done = RawHTTPResponse.parse(
                try await RawHTTPClient.exchange(own, port: server.port), methods: ["POST"])
            #expect(done.first?.status == 200)
            #expect(server.stats.requests == 0)
        }
    }

    @Test func otherPeersGetNoStream() async throws {
        guard let address = LabControlTests.nonLoopbackAddress() else {
            // No network interface but loopback: there is no other peer to be.
            return
        }
        var configuration = FlagServerConfiguration(host: "0.0.0.0")
        configuration.root = ReferenceFlags.root
        try await withFixtureServer(configuration) { server in
            let stream = try EventStreamClient(port: server.port, host: address)
            let received = await stream.ended()
            #expect(received.status == 403 && received.events.isEmpty)
        }
    }

    @Test func streamsBeyondTheLimitAreTurnedAway() async throws {
        try await withFixtureServer { server in
            var streams: [EventStreamClient] = []
            for _ in 0..<LabEvents.maxStreams {
                let stream = try EventStreamClient(port: server.port)
                await stream.waitUntil { !$0.events.isEmpty }
                streams.append(stream)
            }
            let extra = try EventStreamClient(port: server.port)
            let received = await extra.ended()
            #expect(received.status == 503)
            for stream in streams { stream.leave() }
        }
    }

    @Test func thePageIsSelfContainedAndItsFlagsAreNotCounted() async throws {
        try await withFixtureServer { server in
            for target in ["/_lab/", "/_lab"] {
                let page = try await RawHTTPClient.fetch("GET", target, port: server.port)
                #expect(page.status == 200)
                #expect(page.headers["content-type"] == "text/html; charset=utf-8")
                let html = String(decoding: page.body, as: UTF8.self)
                #expect(html.contains("/_lab/events") && html.contains("prefers-color-scheme"))
                // The grid comes with the page, one figure per flag the server holds.
                #expect(html.components(separatedBy: #"<figure class="flag" id="flag-"#).count - 1 == 194)
                #expect(html.contains(#"id="flag-BR""#) && html.contains(#"src="/_lab/flag/br.png""#))
                // No external URL: nothing to fetch but the server's own paths.
                #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"))
            }
            let image = try await RawHTTPClient.fetch("GET", "/_lab/flag/br.png", port: server.port)
            #expect(image.status == 200 && image.headers["content-type"] == "image/png")
            #expect(image.body == ReferenceFlags.png("br"))
            #expect(
                try await RawHTTPClient.fetch("GET", "/_lab/flag/zz.png", port: server.port).status == 404)
            #expect(
                try await RawHTTPClient.fetch("GET", "/_lab/flag/BR.png", port: server.port).status == 404)
            // The page's loads are not client requests.
            #expect(server.stats.requests == 0 && server.stats.attempts.isEmpty)
        }
    }

    @Test func noMessageOutgrowsTheBound() {
        // The worst a server can hold: every code requested 4 billion times, in flight, failed
        // with a three-digit status; every status counted; a long profile; a full minute of peaks.
        let codes = FlagRoute.codeCount
        var outcomes: [LabOutcome: Int] = [:]
        for status in 400...599 { outcomes[.status(status)] = Int.max }
        for outcome in [LabOutcome.ok, .notFound, .resetMidBody, .cutAtShutdown, .clientGone] {
            outcomes[outcome] = Int.max
        }
        var profile = ServerProfile.hostile
        profile.name = String(repeating: "N", count: 5_000)
        profile.maxInFlight = Int.max
        let history = (0..<LabWatch.historyTicks).map {
            LabWatch.Sample(tick: $0 + 10_000_000, peak: .max, last: .max, started: .max)
        }
        let view = LabView(
            version: 1, profile: profile, seed: .max, requests: .max, inFlight: .max, maxInFlight: .max,
            byOutcome: outcomes,
            connections: ConnectionStats(open: .max, maxOpen: .max, accepted: .max),
            attempts: [UInt32](repeating: .max, count: codes * 2),
            codeInFlight: [Int32](repeating: .max, count: codes),
            last: [LabOutcome?](repeating: .status(503), count: codes),
            history: history, tick: 10_000_000 + LabWatch.historyTicks - 1, idleSince: nil, stopping: false)
        let snapshot = LabEventMessage.snapshot(view, codes: (0..<codes).map { FlagRoute.code(at: $0) })
        #expect(snapshot.utf8.count < LabEventMessage.maxBytes, "\(snapshot.utf8.count) bytes")
        #expect(!snapshot.contains("\n"), "an event's data is one line")
        var empty = view
        empty.attempts = [UInt32](repeating: 0, count: codes * 2)
        empty.codeInFlight = [Int32](repeating: 0, count: codes)
        empty.last = [LabOutcome?](repeating: nil, count: codes)
        empty.tick = 10_000_000
        let update = LabEventMessage.update(view, since: empty)
        #expect(update.utf8.count < LabEventMessage.maxBytes, "\(update.utf8.count) bytes")
        // And it is JSON.
        #expect((try? JSONSerialization.jsonObject(with: Data(snapshot.utf8))) is [String: Any])
    }
}
