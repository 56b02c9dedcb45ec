import Testing

@testable import FlagsServer

/// The lab's redirect fault: how it is written, what it refuses, and the `Location` it sends.
@Suite(.timeLimit(.minutes(5))) struct RedirectFaultTests {
    @Test(arguments: [
        ("redirect", FaultRule.fail(.redirect(.same))),
        ("redirect:same@10%", .fail(.redirect(.same), probability: 0.1)),
        (" REDIRECT : Loop ", .fail(.redirect(.loop))),
        ("redirect:outside@0.5", .fail(.redirect(.outside), probability: 0.5)),
        ("redirect:port=8001", .fail(.redirect(.port(8001)))),
        ("redirect:port = 65535@1%", .fail(.redirect(.port(65_535)), probability: 0.01)),
    ])
    func redirectsParseAndReadBackFromTheirText(text: String, rule: FaultRule) throws {
        let parsed = try FaultRule(parsing: text)
        #expect(parsed == rule)
        #expect(try FaultRule(parsing: parsed.description) == rule, "\(parsed.description)")
        #expect(ServerProfile(name: "R", defaultPort: 0, delay: .zero, faults: [parsed]).problems.isEmpty)
    }

    @Test(arguments: [
        "redirect:port=0", "redirect:port=65536", "redirect:port=", "redirect:port=1e3", "redirect:port=-1",
        "redirect:elsewhere", "redirect:loop:again", "redirect:port:8001", "redirect:http://example.com",
    ])
    func badRedirectsAreRefusedNamingTheChoices(text: String) {
        let error = #expect(throws: FaultSyntaxError.self) { try FaultRule(parsing: text) }
        #expect(error?.problem.contains("redirect") == true, "\(String(describing: error))")
    }

    @Test func aRedirectIsAFailureForFailWithAndItsOwnOutcome() throws {
        #expect(try FaultRule.fault(parsing: "redirect:loop") == .redirect(.loop))
        #expect(Fault.redirect(.same).outcome.description == "redirect")
        let problems = ServerProfile(
            name: "R", defaultPort: 0, delay: .zero, faults: [.fail(.redirect(.port(70_000)))]
        ).problems
        #expect(problems.count == 1 && problems[0].contains("70000"), "\(problems)")
    }

    @Test(arguments: [
        (RedirectTarget.same, false, "br.png?redirected"),
        (.same, true, "br.png?redirected"),
        (.port(8001), false, "http://127.0.0.1:8001/flags/br/br.png"),
        (.loop, false, "br.png?loop"),
        (.loop, true, "/flags/br/br.png"),
        (.outside, false, "http://outside.localhost:4321/flags/br/br.png"),
    ])
    func theLocationIsBuiltFromTheRouteAndTheServersOwnSettings(
        target: RedirectTarget, isLoopReturn: Bool, location: String
    ) {
        #expect(
            target.location(code: "br", file: "br.png", isLoopReturn: isLoopReturn, ownPort: 4321) == location
        )
    }

    /// The responses on the wire, with their attempts and outcome counted like any other.
    @Test func theLabAnswers302WithTheLocationOnTheWire() async throws {
        var profile = ServerProfile.local
        profile.name = "REDIRECT"
        profile.faults = [try FaultRule(parsing: "redirect:loop")]
        try await withFixtureServer(FlagServerConfiguration(profile: profile, seed: 1)) { server in
            let first = try await RawHTTPClient.fetch("GET", "/flags/br/br.png", port: server.port)
            #expect(first.status == 302)
            #expect(first.headers["location"] == "br.png?loop")
            let back = try await RawHTTPClient.fetch("GET", "/flags/br/br.png?loop", port: server.port)
            #expect(back.headers["location"] == "/flags/br/br.png")
            let metadata = try await RawHTTPClient.fetch("HEAD", "/flags/br/metadata.json", port: server.port)
            #expect(metadata.status == 302)
            #expect(metadata.headers["location"] == "metadata.json?loop")
            // Another query is no loop's way back.
            let other = try await RawHTTPClient.fetch("GET", "/flags/br/br.png?loopy", port: server.port)
            #expect(other.headers["location"] == "br.png?loop")

            profile.faults = [try FaultRule(parsing: "redirect:outside")]
            try server.setProfile(profile)
            let outside = try await RawHTTPClient.fetch("GET", "/flags/zz/zz.png", port: server.port)
            #expect(outside.headers["location"] == "http://outside.localhost:\(server.port)/flags/zz/zz.png")

            let expected = try #require(server.expectation(code: "BR", attempt: 9))
            #expect(expected.outcome == "redirect" && expected.status == 302)

            await server.waitUntil { $0.inFlight == 0 }
            let stats = server.stats
            #expect(stats[.redirect] == 5)
            #expect(stats.attempts == ["BR": 4, "ZZ": 1])
        }
    }
}
