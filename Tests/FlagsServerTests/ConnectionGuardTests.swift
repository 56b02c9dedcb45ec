import FlagsCore
import FlagsServer
import Testing

/// Idle and slow connections, oversized heads, graceful shutdown.
@Suite(.timeLimit(.minutes(5))) struct ConnectionGuardTests {
    private static func configuration(idle: Duration = .seconds(30), header: Duration = .seconds(30))
        -> FlagServerConfiguration
    {
        FlagServerConfiguration(idleTimeout: idle, headerTimeout: header)
    }

    @Test func aConnectionThatSendsNothingIsCut() async throws {
        try await withFixtureServer(Self.configuration(idle: .milliseconds(300))) { server in
            // The socket reads for 20 s at most: only the server closing it ends the read sooner.
            let session = try await RawHTTPClient.session([], port: server.port, halfClose: false)
            #expect(session.ending == .closed)
            #expect(session.bytes.isEmpty)
            #expect(server.stats.connections.cutIdle == 1)
        }
    }

    @Test func aKeptAliveConnectionIsCutOnceIdle() async throws {
        try await withFixtureServer(Self.configuration(idle: .milliseconds(300))) { server in
            // The idle clock of a new connection starts at accept: a client thread descheduled
            // between connect() and send() for longer than the timeout (seen on a busy 2-core
            // machine) finds the connection already cut — rightly — and its late request then
            // meets a closed socket: "reset instead of close". That is the same rule at work on
            // the fresh connection, not the one under test; so such a try is counted and the
            // request sent again on a new connection.
            var tries = 0
            var answered: RawHTTPClient.Session?
            while answered == nil && tries < 20 {
                tries += 1
                let session = try await RawHTTPClient.session(
                    RawHTTPClient.request("GET", "/flags/br/metadata.json", close: false), port: server.port,
                    halfClose: false)
                if !session.bytes.isEmpty { answered = session }
            }
            let session = try #require(answered, "cut before every one of \(tries) requests arrived")
            // Answered, then kept alive until idle, then closed (FIN) — never reset.
            #expect(session.ending == .closed)
            #expect(RawHTTPResponse.parse(session.bytes, methods: ["GET"]).first?.status == 200)
            #expect(server.stats.connections.cutIdle == tries)
        }
    }

    @Test func aHeadThatNeverEndsIsCutByTheHeaderTimeout() async throws {
        // The idle timeout is long: only the header timeout can end this within the test.
        try await withFixtureServer(Self.configuration(idle: .seconds(30), header: .milliseconds(300))) {
            server in
            let partial = Array("GET /flags/br/br.png HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8)
            let session = try await RawHTTPClient.session(partial, port: server.port, halfClose: false)
            #expect(session.ending == .closed)
            #expect(session.bytes.isEmpty)
            #expect(server.stats.connections.cutHeader == 1)
            #expect(server.stats.connections.cutIdle == 0)
        }
    }

    @Test func aBodyThatNeverEndsIsCutByTheHeaderTimeout() async throws {
        try await withFixtureServer(Self.configuration(idle: .seconds(30), header: .milliseconds(300))) {
            server in
            let partial = Array(
                "PUT /_lab/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"faults\":"
                    .utf8)
            let session = try await RawHTTPClient.session(partial, port: server.port, halfClose: false)
            #expect(session.ending == .closed)
            #expect(server.stats.connections.cutHeader == 1)
            #expect(server.profile == .local)
        }
    }

    @Test(arguments: [
        ("a header", "/flags/br/br.png", String(repeating: "x", count: 20_000)),
        ("a path", "/flags/" + String(repeating: "a", count: 20_000), "1"),
        ("many headers", "/flags/br/br.png", "many"),
    ])
    func anOversizedHeadIs431AndClosed(what: String, path: String, value: String) async throws {
        try await withFixtureServer { server in
            var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            if value == "many" {
                for index in 0..<200 { request += "X-Field-\(index): \(index)\r\n" }
            } else {
                request += "X-Big: \(value)\r\n"
            }
            let session = try await RawHTTPClient.session(Array((request + "\r\n").utf8), port: server.port)
            let response = try #require(
                RawHTTPResponse.parse(session.bytes, methods: ["GET"]).first, "\(what)")
            #expect(response.status == 431)
            #expect(response.headers["connection"] == "close")
            #expect(session.ending == .closed)
            #expect(server.stats.connections.headersTooLarge == 1)
        }
    }

    @Test func aHeadJustUnderTheLimitIsServed() async throws {
        try await withFixtureServer { server in
            let request =
                "GET /flags/br/br.png HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "X-Big: \(String(repeating: "x", count: 15_000))\r\n\r\n"
            let session = try await RawHTTPClient.session(Array(request.utf8), port: server.port)
            #expect(RawHTTPResponse.parse(session.bytes, methods: ["GET"]).first?.status == 200)
        }
    }

    @Test func an431WaitsForTheResponsesItFollows() async throws {
        var configuration = FlagServerConfiguration()
        configuration.profile.delay = .fixed(.milliseconds(200))
        try await withFixtureServer(configuration) { server in
            let oversized =
                "GET /flags/fr/fr.png HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + String(repeating: "x", count: 20_000) + "\r\n\r\n"
            let session = try await RawHTTPClient.session(
                RawHTTPClient.request("GET", "/flags/br/metadata.json", close: false) + Array(oversized.utf8),
                // No half-close: a client that closes its side during a hold has left.
                port: server.port, halfClose: false)
            let responses = RawHTTPResponse.parse(session.bytes, methods: ["GET", "GET"])
            #expect(responses.map(\.status) == [200, 431])
        }
    }

    @Test func shutdownLetsADelayedResponseFinish() async throws {
        // A grace far longer than the delay: a slow scheduler cannot turn the finish into a cut.
        var configuration = FlagServerConfiguration(
            root: TestFixture.shared.root, quiet: true, shutdownGrace: .seconds(50))
        configuration.profile.delay = .fixed(.milliseconds(300))
        let server = try await FlagServer.start(configuration)
        let request = Task { await CurlResult.fetch(server.baseURL + "/br/br.png") }
        await server.waitUntil { $0.inFlight == 1 }
        await server.shutdown()
        #expect(await request.value.status == 200)
        #expect(server.stats[.ok] == 1)
    }

    @Test func shutdownCutsWhatOutlastsTheGrace() async throws {
        var configuration = FlagServerConfiguration(
            root: TestFixture.shared.root, quiet: true, shutdownGrace: .milliseconds(200))
        // Held far longer than the grace: only the cut ends it before the client's 60 s.
        configuration.profile.delay = .fixed(.seconds(60))
        let server = try await FlagServer.start(configuration)
        let request = Task { await CurlResult.fetch(server.baseURL + "/br/br.png", timeout: .seconds(90)) }
        await server.waitUntil { $0.inFlight == 1 }
        await server.shutdown()
        #expect(await request.value.kind == .reset)
        #expect(server.stats.inFlight == 0)
        // The stats say it was cut, not delivered.
        #expect(server.stats[.cutAtShutdown] == 1 && server.stats[.ok] == 0)
    }
}
