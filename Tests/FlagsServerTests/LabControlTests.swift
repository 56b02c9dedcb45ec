import FlagsCore
import FlagsServer
import Foundation
import Testing

@testable import FlagsServer

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.timeLimit(.minutes(5))) struct LabControlTests {
    private static func json(_ response: RawHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    @Test func statsHaveTheFieldsClientsRelyOn() async throws {
        try await withFixtureServer { server in
            _ = try await RawHTTPClient.fetch("GET", "/flags/br/br.png", port: server.port)
            _ = try await RawHTTPClient.fetch("GET", "/flags/zz/zz.png", port: server.port)
            await server.waitUntil { $0.inFlight == 0 }
            let response = try await RawHTTPClient.fetch("GET", "/_lab/stats", port: server.port)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            let stats = try Self.json(response)
            #expect(stats["in_flight"] as? Int == 0)
            #expect(stats["max_in_flight"] as? Int == 1)
            #expect(stats["requests"] as? Int == 2)
            #expect(stats["by_outcome"] as? [String: Int] == ["ok": 1, "not_found": 1])
            #expect(stats["attempts"] as? [String: Int] == ["BR": 1, "ZZ": 1])
            // The typed form reads the same JSON (the stats connection itself was still open then).
            var decoded = try JSONDecoder().decode(LabStats.self, from: Data(response.body))
            #expect(decoded.connections.open == 1)
            // One read of the server's stats: the stats connection may close between two reads.
            let now = server.stats
            decoded.connections = now.connections
            #expect(decoded == now)
        }
    }

    @Test func resetIsPostOnlyAndZeroesAttemptsAndStats() async throws {
        try await withFixtureServer(FlagServerConfiguration(profile: .retry)) { server in
            #expect(await CurlResult.fetch(server.baseURL + "/br/br.png").status == 500)
            #expect(await CurlResult.fetch(server.baseURL + "/br/br.png").status == 500)
            #expect(await CurlResult.fetch(server.baseURL + "/br/br.png").status == 200)

            let get = try await RawHTTPClient.fetch("GET", "/_lab/reset", port: server.port)
            #expect(get.status == 405)
            #expect(get.headers["allow"] == "POST")
            #expect(server.stats.requests == 3)

            let post = try await RawHTTPClient.fetch("POST", "/_lab/reset", port: server.port)
            #expect(post.status == 200)
            #expect(try Self.json(post)["requests"] as? Int == 3)
            #expect(
                server.stats.requests == 0 && server.stats.attempts.isEmpty && server.stats.byOutcome.isEmpty)
            // Attempts start again from 1: the drill fails twice more.
            #expect(await CurlResult.fetch(server.baseURL + "/br/br.png").status == 500)
        }
    }

    @Test func putProfileFlipsARunningServerFromCalmToHostile() async throws {
        try await withFixtureServer { server in
            #expect(await CurlResult.fetch(server.baseURL + "/br/br.png").status == 200)
            let body = Array(#"{"base": "local", "name": "flipped", "faults": ["503@100%"]}"#.utf8)
            let put = try await RawHTTPClient.exchange(
                Self.request("PUT", "/_lab/profile", body: body), port: server.port)
            let answer = try #require(RawHTTPResponse.parse(put, methods: ["PUT"]).first)
            #expect(answer.status == 200)
            #expect(try Self.json(answer)["faults"] as? [String] == ["503"])
            #expect(server.profile.name == "FLIPPED")
            #expect(await CurlResult.fetch(server.baseURL + "/br/br.png").status == 503)
            let shown = try await RawHTTPClient.fetch("GET", "/_lab/profile", port: server.port)
            #expect(try ServerProfile(json: shown.body) == server.profile)
            #expect(server.stats.profile == "FLIPPED")
        }
    }

    @Test(arguments: [
        (#"{"faults": ["nope"]}"#, 400, "unknown fault 'nope'"),
        (#"{"faults": ["503@70%", "500@70%"]}"#, 400, "add up to 140 %"),
        ("not json", 400, "not a profile in JSON"),
        (#"{"about": "\#(String(repeating: "x", count: 70_000))"}"#, 413, "at most 65536 bytes"),
    ])
    func aBadProfileIsRefusedAndTheOldOneStays(body: String, status: Int, problem: String) async throws {
        try await withFixtureServer { server in
            let bytes = try await RawHTTPClient.exchange(
                Self.request("PUT", "/_lab/profile", body: Array(body.utf8)), port: server.port)
            let answer = try #require(RawHTTPResponse.parse(bytes, methods: ["PUT"]).first)
            #expect(answer.status == status)
            let message = try Self.json(answer)["error"] as? String
            #expect(message?.contains(problem) == true, "\(message ?? "no message")")
            #expect(server.profile == .local)
        }
    }

    @Test(arguments: [
        // GET /_lab/ is the lab page (LabEventsTests); everything else under /_lab/ answers JSON.
        ("POST", "/_lab/", 405), ("GET", "/_lab/events?until_idle=x", 400), ("GET", "/_lab/nothing", 404),
        ("POST", "/_lab/stats", 405),
        ("DELETE", "/_lab/profile", 405), ("HEAD", "/_lab/stats", 200), ("GET", "/_lab/stats?x=1", 200),
        ("GET", "/_lab/../flags/br/br.png", 404), ("GET", "/_lab/expect?codes=B1", 400),
        ("GET", "/_lab/expect?codes=", 400), ("GET", "/_lab/expect?attempt=0", 400),
        ("GET", "/_lab/expect?attempt=two", 400), ("GET", "/_lab/expect?file=pdf", 400),
        ("GET", "/_lab/expect?codes=br%2Cus&file=metadata&attempt=3", 200),
    ])
    func labEndpointsAnswerWithJSONAndTheRightStatus(method: String, path: String, status: Int) async throws {
        try await withFixtureServer { server in
            let response = try await RawHTTPClient.fetch(method, path, port: server.port)
            #expect(response.status == status)
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.headers["cache-control"] == "no-store")
            if method != "HEAD" {
                _ = try Self.json(response)
            }
            // Lab requests are not counted as the flags' requests.
            #expect(server.stats.requests == 0)
        }
    }

    @Test func expectWithoutCodesCoversEveryFlagAndDefaultsToTheNextAttempt() async throws {
        try await withFixtureServer(FlagServerConfiguration(profile: .retry)) { server in
            _ = await CurlResult.fetch(server.baseURL + "/br/br.png")
            let all = try await LabRunTests.expect(server, query: "")
            #expect(all.count == 194)
            #expect(all["BR"]?.attempt == 2 && all["BR"]?.outcome == "http_500")
            #expect(all["FR"]?.attempt == 1)
            let third = try await LabRunTests.expect(server, query: "codes=br&attempt=3")
            #expect(third["BR"]?.outcome == "ok" && third["BR"]?.status == 200)
            let metadata = try await LabRunTests.expect(server, query: "codes=br&file=metadata")
            #expect(metadata["BR"]?.attempt == 1)
        }
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.255.0.9", true), ("::1", true), ("::ffff:127.0.0.1", true),
        ("192.0.2.2", false),
        ("10.0.0.1", false), ("::", false), ("2001:db8::1", false), ("::ffff:10.0.0.1", false),
        ("128.0.0.1", false),
    ])
    func onlyLoopbackAddressesAreLoopback(address: String, loopback: Bool) {
        #expect(LabControl.isLoopback(ipAddress: address) == loopback)
    }

    @Test(arguments: [false, true])
    func otherPeersAreRefusedUnlessAllowed(allowed: Bool) async throws {
        guard let address = Self.nonLoopbackAddress() else {
            // No network interface but loopback: there is no other peer to be.
            return
        }
        var configuration = FlagServerConfiguration(host: "0.0.0.0", labFromAnyHost: allowed)
        configuration.root = TestFixture.shared.root
        try await withFixtureServer(configuration) { server in
            let session = try await RawHTTPClient.session(
                RawHTTPClient.request("GET", "/_lab/stats"), port: server.port, host: address)
            let response = try #require(RawHTTPResponse.parse(session.bytes, methods: ["GET"]).first)
            #expect(response.status == (allowed ? 200 : 403))
            // The flags themselves are served to anyone the server listens to.
            let flag = try await RawHTTPClient.session(
                RawHTTPClient.request("GET", "/flags/br/br.png"), port: server.port, host: address)
            #expect(RawHTTPResponse.parse(flag.bytes, methods: ["GET"]).first?.status == 200)
            // Over loopback the lab always answers.
            #expect(try await RawHTTPClient.fetch("GET", "/_lab/stats", port: server.port).status == 200)
        }
    }

    /// A request with a body.
    private static func request(_ method: String, _ path: String, body: [UInt8]) -> [UInt8] {
        Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.count)\r\n".utf8)
            + Array("Content-Type: application/json\r\nConnection: close\r\n\r\n".utf8) + body
    }

    /// The first IPv4 address of this machine that is not a loopback one, if any.
    static func nonLoopbackAddress() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET)
            else {
                continue
            }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard
                getnameinfo(
                    address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count),
                    nil, 0, NI_NUMERICHOST) == 0
            else { continue }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !text.hasPrefix("127.") { return text }
        }
        return nil
    }
}
