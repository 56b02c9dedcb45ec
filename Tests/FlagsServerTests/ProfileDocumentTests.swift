import FlagsServer
import Foundation
import Testing

@Suite struct ProfileDocumentTests {
    private static func profile(_ json: String, base: ServerProfile = .local) throws -> ServerProfile {
        try ServerProfile(json: Array(json.utf8), base: base)
    }

    @Test func aFileNamesEverySettingOfTheLab() throws {
        let profile = try Self.profile(
            """
            {
              "name": "mylab", "port": 9000, "delay": "0.1...0.3", "error_rate": 0.1,
              "faults": ["503@10%", "reset:mid-body@2%", "latency:2:body@5%"],
              "fail_first": 1, "fail_with": "500", "max_in_flight": 50, "about": "for a talk"
            }
            """)
        #expect(
            profile
                == ServerProfile(
                    name: "MYLAB", defaultPort: 9000,
                    delay: .uniform(.milliseconds(100)...(.milliseconds(300))),
                    errorRate: 0.1,
                    faults: [
                        .fail(.status(503, retryAfter: 1), probability: 0.1),
                        .fail(.reset(.midBody), probability: 0.02),
                        FaultRule(.delay(.fixed(.seconds(2)), .beforeBody), probability: 0.05),
                    ],
                    failFirst: 1, failWith: .status(500, retryAfter: nil), maxInFlight: 50,
                    about: "for a talk"))
    }

    @Test func keysLeftOutKeepTheBasesValues() throws {
        let hostile = try Self.profile(#"{"base": "hostile", "max_in_flight": 5}"#)
        var expected = ServerProfile.hostile
        expected.maxInFlight = 5
        #expect(hostile == expected)
        // Without "base", the profile given as the fallback (the one a PUT replaces).
        let delayed = try Self.profile(#"{"delay": 2}"#, base: .error)
        #expect(delayed.errorRate == 0.25 && delayed.delay == .fixed(.seconds(2)) && delayed.name == "ERROR")
        #expect(try Self.profile("{}", base: .flaky) == .flaky)
        // "faults" replaces the whole list, and null lifts the limit.
        let calm = try Self.profile(#"{"base": "OVERLOADED", "faults": [], "max_in_flight": null}"#)
        #expect(calm.faults.isEmpty && calm.maxInFlight == nil && calm.name == "OVERLOADED")
    }

    @Test func everyPresetReadsBackFromItsJSON() throws {
        for preset in ServerProfile.presets {
            #expect(try Self.profile(preset.json, base: .retry) == preset, "\(preset.name)")
        }
    }

    @Test(arguments: [
        (#"{"fautls": ["503"]}"#, "unknown key 'fautls'"),
        (#"{"faults": ["503@200%"]}"#, "faults: fault '503@200%'"),
        (#"{"faults": "503"}"#, "not a profile in JSON"),
        (#"{"delay": "soon"}"#, "delay 'soon'"),
        (#"{"base": "NOPE"}"#, "base 'NOPE' is no profile"),
        (#"{"fail_with": "latency:1"}"#, "fail_with: fault 'latency:1'"),
        (#"{"name": "two words"}"#, "name 'two words'"),
        (#"{"port": "80"}"#, "expected Int at 'port'"),
        ("[1, 2]", "not a profile in JSON"),
        ("{", "not a profile in JSON"),
        ("", "not a profile in JSON"),
    ])
    func badDocumentsAreRefusedNamingTheProblem(json: String, problem: String) {
        let error = #expect(throws: ProfileError.self) { try Self.profile(json) }
        #expect(error?.description.contains(problem) == true, "\(error?.description ?? "")")
    }

    @Test func aFileIsLoadedAndCheckedOrRefusedWithItsPath() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/flags-profile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(#"{"base": "DELAY", "faults": ["stall@1%"]}"#.utf8).write(
            to: URL(fileURLWithPath: directory + "/good.json"))
        try Data(#"{"faults": ["stall@60%", "503@60%"]}"#.utf8).write(
            to: URL(fileURLWithPath: directory + "/over.json"))

        let loaded = try ServerProfile.load(file: directory + "/good.json")
        #expect(loaded.name == "DELAY" && loaded.faults == [.fail(.stall, probability: 0.01)])
        for (name, problem) in [("over.json", "add up to 120 %"), ("missing.json", "cannot be read")] {
            let error = #expect(throws: FlagServerError.self) {
                try ServerProfile.load(file: "\(directory)/\(name)")
            }
            #expect(error?.description.hasPrefix("profile file \(directory)/\(name): ") == true)
            #expect(error?.description.contains(problem) == true, "\(error?.description ?? "")")
        }
    }
}
