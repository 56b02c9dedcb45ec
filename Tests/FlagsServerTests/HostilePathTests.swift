import FlagsServer
import Testing

@Suite struct HostilePathTests {
    @Test func theTableIsBigEnoughToMeanSomething() {
        #expect(HostilePath.all.count >= 100)
    }

    @Test(arguments: HostilePath.all)
    func hostilePathsReachNothingButRealFlags(path: HostilePath) async throws {
        try await withFlagServer { server in
            let bytes = try await RawHTTPClient.exchange(
                RawHTTPClient.request(path.method, path.target),
                port: server.port
            )
            let leaked = bytes.firstRange(of: TestFixture.secret) != nil
            #expect(!leaked, "the secret leaked")
            for response in RawHTTPResponse.parse(bytes, methods: [path.method]) where response.status == 200
            {
                if path.method == "HEAD" {
                    #expect(response.body.isEmpty)
                } else {
                    let servable = TestFixture.servableBodies.contains(response.body)
                    #expect(servable, "200 with something that is no flag")
                }
            }

            // Whatever that request did, the server still serves.
            let after = try await RawHTTPClient.fetch("GET", "/flags/br/metadata.json", port: server.port)
            #expect(after.status == 200)
        }
    }
}
