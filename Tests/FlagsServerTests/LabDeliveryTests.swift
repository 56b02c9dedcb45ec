import FlagsServer
import Foundation
import Testing

/// Honest stats: a response counts as delivered only once its last byte is written; a client that
/// leaves during a delay frees its slot and connection at once; shutdown says what it cut.
@Suite(.timeLimit(.minutes(5))) struct LabDeliveryTests {
    /// A server that holds every response an hour: only a client leaving or a shutdown ends one.
    private static func holdingAnHour(grace: Duration = .seconds(60)) -> FlagServerConfiguration {
        var configuration = FlagServerConfiguration(shutdownGrace: grace)
        configuration.profile.delay = .fixed(.seconds(3600))
        return configuration
    }

    /// `GET /_lab/stats`, decoded.
    private static func labStats(_ server: FlagServer) async throws -> LabStats {
        let response = try await RawHTTPClient.fetch("GET", "/_lab/stats", port: server.port)
        return try JSONDecoder().decode(LabStats.self, from: Data(response.body))
    }

    /// Polls `/_lab/stats` until `condition` holds, for 5 minutes at most (a bound against a hang, not a
    /// timing claim: on a quiet machine it holds within milliseconds).
    private static func pollStats(_ server: FlagServer, until condition: (LabStats) -> Bool) async throws
        -> LabStats
    {
        let deadline = ContinuousClock.now + .seconds(300)
        while true {
            let stats = try await labStats(server)
            if condition(stats) || ContinuousClock.now > deadline { return stats }
            // Paces the polling only; nothing depends on how long this takes.
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test func aClientThatLeavesDuringADelayFreesItsSlotAndIsNotCountedOk() async throws {
        try await withFixtureServer(Self.holdingAnHour()) { server in
            let client = try await HeldConnection(
                port: server.port, request: RawHTTPClient.request("GET", "/flags/br/br.png"))
            let held = try await Self.pollStats(server) { $0.inFlight == 1 }
            #expect(held.inFlight == 1)

            client.leave()
            // Before the fix the slot stayed taken for the whole hour.
            let after = try await Self.pollStats(server) { $0.inFlight == 0 }
            #expect(after.inFlight == 0)
            #expect(after[.clientGone] == 1)
            #expect(after[.ok] == 0)
            // Its connection is closed too: the only one left open is the one asking for stats.
            let closed = try await Self.pollStats(server) { $0.connections.open <= 1 }
            #expect(closed.connections.open <= 1)
            #expect(closed.requests == 1)
        }
    }

    @Test func aClientThatHalfClosesDuringAHoldHasLeft() async throws {
        // As nginx treats a client that closes while its request waits: a FIN during a hold ends
        // the hold and the connection. (A response already on its way is still sent whole.)
        try await withFixtureServer(Self.holdingAnHour()) { server in
            let session = try await RawHTTPClient.session(
                RawHTTPClient.request("GET", "/flags/br/br.png"), port: server.port, halfClose: true)
            #expect(session.bytes.isEmpty)
            #expect(session.ending == .closed)
            await server.waitUntil { $0.inFlight == 0 }
            #expect(server.stats[.clientGone] == 1 && server.stats[.ok] == 0)
        }
    }

    @Test func theSlotIsFreedForTheNextClientUnderMaxInFlight() async throws {
        var configuration = Self.holdingAnHour()
        configuration.profile.maxInFlight = 1
        try await withFixtureServer(configuration) { server in
            let first = try await HeldConnection(
                port: server.port, request: RawHTTPClient.request("GET", "/flags/br/br.png"))
            await server.waitUntil { $0.inFlight == 1 }
            // The only slot is taken: a second request is turned away.
            #expect(try await RawHTTPClient.fetch("GET", "/flags/us/us.png", port: server.port).status == 503)
            first.leave()
            await server.waitUntil { $0.inFlight == 0 }
            // …and once its client has left, the slot takes a new request at once.
            let second = try await HeldConnection(
                port: server.port, request: RawHTTPClient.request("GET", "/flags/fr/fr.png"))
            await server.waitUntil { $0.inFlight == 1 }
            #expect(server.stats[.overloaded] == 1)
            second.leave()
            await server.waitUntil { $0.inFlight == 0 }
            #expect(server.stats[.clientGone] == 2 && server.stats[.ok] == 0)
        }
    }

    @Test func shutdownReportsHeldRequestsAsCutNotOk() async throws {
        var configuration = Self.holdingAnHour(grace: .milliseconds(100))
        configuration.root = TestFixture.shared.root
        configuration.quiet = true
        let server = try await FlagServer.start(configuration)
        var clients: [HeldConnection] = []
        for code in ["br", "us", "fr", "de", "jp"] {
            clients.append(
                try await HeldConnection(
                    port: server.port, request: RawHTTPClient.request("GET", "/flags/\(code)/\(code).png")))
        }
        await server.waitUntil { $0.inFlight == 5 }
        await server.shutdown()
        let stats = server.stats
        #expect(stats[.cutAtShutdown] == 5, "\(stats.byOutcome)")
        #expect(stats[.ok] == 0)
        #expect(stats.inFlight == 0)
        for client in clients { client.leave() }
    }

    @Test func aDeliveredResponseCountsOkAndAFinishedServerStillCountsIt() async throws {
        var configuration = FlagServerConfiguration()
        configuration.profile.delay = .fixed(.milliseconds(50))
        try await withFixtureServer(configuration) { server in
            let response = try await RawHTTPClient.session(
                RawHTTPClient.request("GET", "/flags/br/br.png"), port: server.port, halfClose: false)
            #expect(RawHTTPResponse.parse(response.bytes, methods: ["GET"]).first?.status == 200)
            await server.waitUntil { $0.inFlight == 0 }
            #expect(server.stats[.ok] == 1 && server.stats[.clientGone] == 0)
        }
    }
}
