import FlagsCore
import FlagsServer
import Testing

/// Every fault of the catalogue, seen by a real libcurl client as the kind of failure it claims to be.
///
/// Tests that wait for the server's stats fail by timing out if the awaited count never comes.
@Suite(.timeLimit(.minutes(5))) struct LabFaultTests {
    /// LOCAL with `fault` applied to every request.
    static func always(_ fault: String) throws -> FlagServerConfiguration {
        var profile = ServerProfile.local
        profile.name = "LAB"
        profile.faults = [try FaultRule(parsing: fault)]
        return FlagServerConfiguration(profile: profile, seed: 1)
    }

    private static let brazil = TestFixture.shared.file("br", "br.png")

    @Test(arguments: [
        ("418", 418, nil as Duration?), ("429", 429, .seconds(1)), ("503", 503, .seconds(1)),
        ("503:7", 503, .seconds(7)), ("500", 500, nil), ("502", 502, nil), ("429:none", 429, nil),
    ])
    func statusFaultsAnswerThatStatusAndRetryAfter(fault: String, status: Int, retryAfter: Duration?)
        async throws
    {
        try await withFixtureServer(try Self.always(fault)) { server in
            let result = await CurlResult.fetch(server.baseURL + "/br/br.png")
            guard case .response(let response) = result else {
                Issue.record("expected HTTP \(status), got \(result)")
                return
            }
            #expect(response.status == status)
            #expect(response.retryAfter == retryAfter)
            #expect(String(decoding: response.body, as: UTF8.self).hasPrefix("\(status) "))
            // A request counts as in flight until its task ends, just after the client has it all.
            await server.waitUntil { $0.inFlight == 0 }
            #expect(server.stats[.status(status)] == 1)
        }
    }

    @Test func aResetBeforeTheResponseIsAResetToTheClient() async throws {
        try await withFixtureServer(try Self.always("reset")) { server in
            let result = await CurlResult.fetch(server.baseURL + "/br/br.png")
            #expect(result.kind == .reset, "\(result)")
            // The client saw the cut before the server finished recording it: wait for that.
            await server.waitUntil { $0.inFlight == 0 }
            // A fresh connection: curl did not retry, so the server saw exactly one attempt.
            #expect(server.stats.attempts == ["BR": 1])
            #expect(server.stats[.reset] == 1)
            let raw = try await RawHTTPClient.session(
                RawHTTPClient.request("GET", "/flags/br/br.png"), port: server.port, halfClose: false)
            #expect(raw.ending == .reset)
            #expect(raw.bytes.isEmpty)
        }
    }

    @Test func aResetMidBodyComesAfterTheHeadersAndPartOfTheBody() async throws {
        try await withFixtureServer(try Self.always("reset:mid-body")) { server in
            let result = await CurlResult.fetch(server.baseURL + "/br/br.png")
            #expect(result.kind == .reset, "\(result)")
            // The client saw the cut before the server finished recording it: wait for that.
            await server.waitUntil { $0.inFlight == 0 }
            #expect(server.stats[.resetMidBody] == 1)

            let raw = try await RawHTTPClient.session(
                RawHTTPClient.request("GET", "/flags/br/br.png"), port: server.port, halfClose: false)
            #expect(raw.ending == .reset)
            let response = try #require(RawHTTPResponse.parse(raw.bytes, methods: ["GET"]).first)
            #expect(response.status == 200)
            #expect(response.headers["content-length"] == String(Self.brazil.count))
            #expect(!response.body.isEmpty && response.body.count < Self.brazil.count)
            #expect(Array(Self.brazil.prefix(response.body.count)) == response.body)
        }
    }

    @Test func aStallIsATimeoutAndEndsWhenTheClientLeaves() async throws {
        try await withFixtureServer(try Self.always("stall")) { server in
            let result = await CurlResult.fetch(server.baseURL + "/br/br.png", timeout: .milliseconds(500))
            #expect(result.kind == .timeout, "\(result)")
            // The client closed its connection: the server stops holding the request and counts it.
            // (Not "nothing in flight": under load the client may give up before the server has
            // even read the request.)
            await server.waitUntil { $0[.stall] == 1 }
            #expect(server.stats.inFlight == 0)
        }
    }

    @Test func aTruncatedBodyIsTruncatedToTheClient() async throws {
        try await withFixtureServer(try Self.always("truncate")) { server in
            let result = await CurlResult.fetch(server.baseURL + "/br/br.png")
            #expect(result.kind == .truncated, "\(result)")
            // The client saw the cut before the server finished recording it: wait for that.
            await server.waitUntil { $0.inFlight == 0 }
            #expect(server.stats[.truncated] == 1)

            let raw = try await RawHTTPClient.session(
                RawHTTPClient.request("GET", "/flags/br/br.png"), port: server.port, halfClose: false)
            #expect(raw.ending == .closed)
            let response = try #require(RawHTTPResponse.parse(raw.bytes, methods: ["GET"]).first)
            #expect(response.headers["content-length"] == String(Self.brazil.count))
            #expect(response.body == Array(Self.brazil.prefix(Self.brazil.count / 2)))
        }
    }

    @Test(arguments: [("slow:4x0.1", Duration.milliseconds(300)), ("slow:80000", .milliseconds(100))])
    func aSlowBodyArrivesWholeButNoSoonerThanItsPace(fault: String, atLeast: Duration) async throws {
        try await withFixtureServer(try Self.always(fault)) { server in
            let clock = ContinuousClock()
            let start = clock.now
            let result = await CurlResult.fetch(server.baseURL + "/br/br.png")
            let elapsed = clock.now - start
            guard case .response(let response) = result else {
                Issue.record("expected the flag, got \(result)")
                return
            }
            #expect(response.status == 200)
            let whole = response.body == Self.brazil
            #expect(whole)
            #expect(elapsed >= atLeast)
            await server.waitUntil { $0.inFlight == 0 }
            #expect(server.stats[.slowBody] == 1)
        }
    }

    @Test func aLatencyBeforeTheHeadersHoldsEverything() async throws {
        try await withFixtureServer(try Self.always("latency:0.3")) { server in
            let raw = try await RawHTTPClient.session(
                RawHTTPClient.request("GET", "/flags/br/br.png"), port: server.port, halfClose: false)
            #expect(try #require(raw.headAt) >= .milliseconds(300))
            #expect(RawHTTPResponse.parse(raw.bytes, methods: ["GET"]).first?.body == Self.brazil)
            #expect(server.expectation(code: "br", attempt: 1)?.delay == 0.3)
        }
    }

    @Test func aLatencyBeforeTheBodySendsTheHeadersFirst() async throws {
        try await withFixtureServer(try Self.always("latency:0.5:body")) { server in
            let raw = try await RawHTTPClient.session(
                RawHTTPClient.request("GET", "/flags/br/br.png"), port: server.port, halfClose: false)
            let head = try #require(raw.headAt)
            let last = try #require(raw.lastByteAt)
            // The body came a good while after the headers (a lower bound only: no upper one).
            #expect(last - head >= .milliseconds(250))
            #expect(RawHTTPResponse.parse(raw.bytes, methods: ["GET"]).first?.body == Self.brazil)
            let curl = await CurlResult.fetch(server.baseURL + "/br/br.png")
            #expect(curl.status == 200)
            #expect(server.expectation(code: "br", attempt: 1)?.bodyDelay == 0.5)
        }
    }

    @Test(arguments: ["truncate", "slow:4x0.1", "reset:mid-body", "latency:0.1:body"])
    func headGetsTheHeadersOfBodyFaults(fault: String) async throws {
        try await withFixtureServer(try Self.always(fault)) { server in
            let raw = try await RawHTTPClient.session(
                RawHTTPClient.request("HEAD", "/flags/br/br.png"), port: server.port, halfClose: false)
            let response = try #require(RawHTTPResponse.parse(raw.bytes, methods: ["HEAD"]).first)
            #expect(response.status == 200)
            #expect(response.headers["content-length"] == String(Self.brazil.count))
        }
    }

    @Test func unknownCodesGetTheirFaultsBeforeTheir404() async throws {
        try await withFixtureServer(try Self.always("503")) { server in
            #expect(await CurlResult.fetch(server.baseURL + "/zz/zz.png").status == 503)
        }
        try await withFixtureServer(try Self.always("truncate")) { server in
            #expect(await CurlResult.fetch(server.baseURL + "/zz/zz.png").kind == .truncated)
            #expect(server.expectation(code: "zz")?.status == 404)
        }
    }
}
