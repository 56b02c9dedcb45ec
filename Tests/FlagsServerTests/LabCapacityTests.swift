import FlagsCore
import FlagsServer
import FlagsShared
import Testing

/// Tests that wait for the server's stats fail by timing out if the awaited count never comes.
@Suite(.timeLimit(.minutes(5))) struct LabCapacityTests {
    @Test func requestsBeyondMaxInFlightAre503WithRetryAfterAndUseNoAttempt() async throws {
        // Admitted requests stall, so exactly three are in flight until the server stops.
        var configuration = try LabFaultTests.always("stall")
        configuration.profile.maxInFlight = 3
        configuration.root = TestFixture.shared.root
        configuration.quiet = true
        let server = try await FlagServer.start(configuration)
        let held = ["br", "fr", "us"].map { code in
            Task { await CurlResult.fetch("\(server.baseURL)/\(code)/\(code).png", timeout: .seconds(300)) }
        }
        await server.waitUntil { $0.inFlight == 3 }

        var turnedAway: [CurlResult] = []
        for _ in 1...5 {
            turnedAway.append(await CurlResult.fetch("\(server.baseURL)/de/de.png"))
        }
        let stats = server.stats
        await server.shutdown()
        var heldResults: [CurlResult] = []
        for task in held { heldResults.append(await task.value) }

        for result in turnedAway {
            guard case .response(let response) = result else {
                Issue.record("expected 503, got \(result)")
                continue
            }
            #expect(response.status == 503)
            #expect(response.retryAfter == .seconds(1))
        }
        #expect(stats.inFlight == 3)
        #expect(stats.maxInFlight == 3)
        #expect(stats[.overloaded] == 5)
        #expect(stats.requests == 8)
        // Turned away before planning: DE's attempts are untouched, so a retry sees attempt 1.
        #expect(stats.attempts == ["BR": 1, "FR": 1, "US": 1])
        #expect(server.expectation(code: "de")?.attempt == 1)
        // Shutdown cut the stalled requests: the clients saw the connection end, not their timeout.
        #expect(heldResults.allSatisfy { $0.kind == .reset }, "\(heldResults)")
    }

    @Test func aFreedSlotIsTakenByTheNextRequest() async throws {
        var configuration = FlagServerConfiguration(profile: .local)
        configuration.profile.maxInFlight = 1
        try await withFixtureServer(configuration) { server in
            // One at a time, each request finds the slot the last one freed.
            for code in ["br", "fr", "us", "br"] {
                #expect(await CurlResult.fetch("\(server.baseURL)/\(code)/\(code).png").status == 200)
                await server.waitUntil { $0.inFlight == 0 }
            }
            #expect(server.stats[.overloaded] == 0)
            #expect(server.stats.maxInFlight == 1)
        }
    }

    @Test func holdsAThousandRequestsInFlightAtOnce() async throws {
        var configuration = try LabFaultTests.always("stall")
        configuration.root = TestFixture.shared.root
        configuration.quiet = true
        let server = try await FlagServer.start(configuration)
        let client = try AsyncClient(
            options: ClientOptions(timeout: .seconds(600), connectTimeout: .seconds(300)))
        let count = 1000
        let codes = CountryCodes.every.map { $0.lowercased() }
        let requests = (0..<count).map { index in
            let code = codes[index % codes.count]
            return Task {
                do {
                    return "HTTP \(try await client.get("\(server.baseURL)/\(code)/\(code).png").status)"
                } catch let error as TransferError {
                    return "\(error.kind)"
                } catch {
                    return "\(error)"
                }
            }
        }
        await server.waitUntil { $0.inFlight == count }
        let stats = server.stats
        await server.shutdown()
        var results: [String: Int] = [:]
        for request in requests { results[await request.value, default: 0] += 1 }
        #expect(stats.connections.open == count)
        #expect(stats.maxInFlight == count)
        await client.shutdown()
        // Every one was held until the server stopped, then cut.
        #expect(results == ["\(TransferError.Kind.reset)": count])
    }
}
