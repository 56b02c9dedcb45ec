import FlagsServer
import Testing

/// Every case talks to one server (``SharedFlagServer``): what one request did must not change
/// what the next gets, and the server must still serve real flags after all of them.
@Suite(.sharedFlagServer()) struct HostilePathTests {
    @Test func theTablesAreBigEnoughToMeanSomething() {
        #expect(HostilePath.all.count >= 200)
        #expect(HostilePath.generated.count >= 1_000)
        #expect(Set(HostilePath.generated).count == HostilePath.generated.count)
    }

    @Test func noGeneratedClimbReachesAByteOutsideTheData() async throws {
        let server = try SharedFlagServer.server()
        // Eight connections at a time: the table is long.
        let chunks = stride(from: 0, to: HostilePath.generated.count, by: 8).map {
            Array(HostilePath.generated[$0..<min($0 + 8, HostilePath.generated.count)])
        }
        var leaks: [String] = []
        var statuses: [Int: Int] = [:]
        for chunk in chunks {
            let answers = try await withThrowingTaskGroup(of: ([UInt8], [UInt8]).self) { group in
                for target in chunk {
                    group.addTask {
                        (
                            target,
                            try await RawHTTPClient.exchange(
                                RawHTTPClient.request("GET", target), port: server.port)
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (target, bytes) in answers {
                let path = HostilePath(target).testDescription
                if bytes.firstRange(of: TestFixture.secret) != nil { leaks.append(path) }
                for response in RawHTTPResponse.parse(bytes, methods: ["GET"]) {
                    statuses[response.status, default: 0] += 1
                    if response.status == 200 && !TestFixture.servableBodies.contains(response.body) {
                        leaks.append("200 for \(path)")
                    }
                }
            }
        }
        #expect(leaks.isEmpty, "\(leaks.prefix(5))")
        // Nothing names a flag, so nothing is served; the longest heads are refused as too large.
        #expect(Set(statuses.keys).isSubset(of: [400, 404, 431]), "\(statuses)")
        #expect(statuses.values.reduce(0, +) == HostilePath.generated.count)
        #expect(
            try await RawHTTPClient.fetch("GET", "/flags/br/metadata.json", port: server.port).status
                == 200)
    }

    @Test(arguments: HostilePath.all)
    func hostilePathsReachNothingButRealFlags(path: HostilePath) async throws {
        let server = try SharedFlagServer.server()
        let bytes = try await RawHTTPClient.exchange(
            RawHTTPClient.request(path.method, path.target),
            port: server.port
        )
        let leaked = bytes.firstRange(of: TestFixture.secret) != nil
        #expect(!leaked, "the secret leaked")
        for response in RawHTTPResponse.parse(bytes, methods: [path.method]) where response.status == 200 {
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
