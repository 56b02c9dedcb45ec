import FlagsCore
import FlagsServer
import FlagsShared
import Testing

@Suite struct FlagServerRoutesTests {
    private static let fixture = TestFixture.shared

    @Test(arguments: ["br", "cn", "us", "zw", "ci"])
    func getServesTheImageByteForByte(code: String) async throws {
        try await withFixtureServer { server in
            let response = try await RawHTTPClient.fetch(
                "GET", "/flags/\(code)/\(code).png", port: server.port)
            let file = Self.fixture.file(code, "\(code).png")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "image/png")
            #expect(response.headers["content-length"] == String(file.count))
            let identical = response.body == file
            #expect(identical, "\(response.body.count) bytes sent, \(file.count) on disk")
        }
    }

    @Test(arguments: ["br", "cn", "us", "zw", "ci"])
    func getServesTheMetadataByteForByte(code: String) async throws {
        try await withFixtureServer { server in
            let response = try await RawHTTPClient.fetch(
                "GET", "/flags/\(code)/metadata.json", port: server.port)
            let file = Self.fixture.file(code, "metadata.json")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.headers["content-length"] == String(file.count))
            let identical = response.body == file
            #expect(identical, "\(response.body.count) bytes sent, \(file.count) on disk")
        }
    }

    @Test(arguments: ["/flags/br/br.png", "/flags/br/metadata.json", "/flags/zz/zz.png", "/nowhere"])
    func headSendsTheHeadersOfGetAndNoBody(path: String) async throws {
        try await withFixtureServer { server in
            let get = try await RawHTTPClient.fetch("GET", path, port: server.port)
            let head = try await RawHTTPClient.fetch("HEAD", path, port: server.port)
            #expect(head.status == get.status)
            #expect(head.headers["content-type"] == get.headers["content-type"])
            #expect(head.headers["content-length"] == String(get.body.count))
            #expect(head.body.isEmpty)
        }
    }

    @Test func headLeavesAKeptAliveConnectionInStep() async throws {
        try await withFixtureServer { server in
            let request =
                RawHTTPClient.request("HEAD", "/flags/br/br.png", close: false)
                + RawHTTPClient.request("GET", "/flags/br/metadata.json", close: false)
                + RawHTTPClient.request("HEAD", "/flags/fr/metadata.json", close: false)
                + RawHTTPClient.request("GET", "/flags/fr/fr.png")
            let bytes = try await RawHTTPClient.exchange(request, port: server.port)
            let (responses, leftover) = RawHTTPResponse.parseCountingLeftover(
                bytes,
                methods: ["HEAD", "GET", "HEAD", "GET"]
            )
            try #require(responses.count == 4)
            #expect(responses.map(\.status) == [200, 200, 200, 200])
            #expect(responses[0].headers["content-length"] == String(Self.fixture.file("br", "br.png").count))
            let identical = [
                responses[1].body == Self.fixture.file("br", "metadata.json"),
                responses[3].body == Self.fixture.file("fr", "fr.png"),
            ]
            #expect(identical == [true, true])
            #expect(leftover == 0)
        }
    }

    @Test func servesAllFlagsOnOneConnection() async throws {
        try await withFixtureServer { server in
            let codes = CountryCodes.all.map { $0.lowercased() }
            let paths = codes.flatMap { ["/flags/\($0)/\($0).png", "/flags/\($0)/metadata.json"] }
            let request = paths.enumerated().flatMap { index, path in
                RawHTTPClient.request("GET", path, close: index == paths.count - 1)
            }
            let bytes = try await RawHTTPClient.exchange(request, port: server.port)
            let responses = RawHTTPResponse.parse(bytes, methods: Array(repeating: "GET", count: paths.count))
            try #require(responses.count == paths.count)
            for (path, response) in zip(paths, responses) {
                let parts = path.split(separator: "/")
                #expect(response.status == 200, "\(path)")
                let identical = response.body == Self.fixture.file(String(parts[1]), String(parts[2]))
                #expect(identical, "\(path)")
            }
        }
    }

    @Test(arguments: [
        "/flags/zz/zz.png", "/flags/zz/metadata.json", "/flags/br/fr.png", "/flags/br/flag.png",
        "/flags/br/br.gif", "/flags/br", "/flags/br/", "/flags", "/", "/index.html", "/flags/xyz/xyz.png",
        "/flags/q1/q1.png", "/flags/br/secret.txt", "/flags/BR/BR.png", "/favicon.ico",
    ])
    func answers404ToAnythingButAFlagFile(path: String) async throws {
        try await withFixtureServer { server in
            let response = try await RawHTTPClient.fetch("GET", path, port: server.port)
            #expect(response.status == 404)
            #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
            #expect(response.body == Array("404 Not Found\n".utf8))
        }
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
    func answers405ToOtherMethodsOnAFlagFile(method: String) async throws {
        try await withFixtureServer { server in
            let response = try await RawHTTPClient.fetch(method, "/flags/br/br.png", port: server.port)
            #expect(response.status == 405)
            #expect(response.headers["allow"] == "GET, HEAD")
        }
    }

    @Test func theQueryStringIsIgnored() async throws {
        try await withFixtureServer { server in
            let response = try await RawHTTPClient.fetch(
                "GET", "/flags/br/br.png?size=large", port: server.port)
            #expect(response.status == 200)
            let identical = response.body == Self.fixture.file("br", "br.png")
            #expect(identical)
        }
    }
}
