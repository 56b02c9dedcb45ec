import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

/// What `flags-server` shows a person: its help at 80 columns, and its start-up lines.
@Suite struct ServerFaceTests {
    static func help(_ arguments: [String]) async throws -> [String] {
        let result = try await onOwnThread {
            try BuiltExecutable("flags-server").run(arguments, environment: ["COLUMNS": "80"])
        }
        #expect(result.status == 0)
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func serveHelpKeepsTheFaultTableAndEveryExampleOnOneLineAt80Columns() async throws {
        let lines = try await Self.help(["serve", "--help"])
        let faults = try #require(lines.firstIndex { $0.hasPrefix("Faults") })
        let table = lines[faults...].drop { !$0.hasPrefix("  ") }.prefix { !$0.isEmpty }
        #expect(table.count >= 8)
        // A row ArgumentParser had to wrap continues on a line without the table's indent.
        #expect(table.allSatisfy { $0.hasPrefix("  ") && $0.count <= 80 }, "\(Array(table))")
        let start = try #require(lines.firstIndex(of: "Examples:"))
        let examples = lines[(start + 1)...].prefix { !$0.isEmpty }
        #expect(examples.count >= 5)
        #expect(examples.allSatisfy { $0.hasPrefix("  flags-") }, "\(Array(examples))")
    }

    @Test(arguments: [["serve", "--help"], ["build-data", "--help"]])
    func placeholdersAreAllCapitals(arguments: [String]) async throws {
        let text = try await Self.help(arguments).joined(separator: "\n")
        let placeholders = text.split(separator: "<").dropFirst().compactMap {
            $0.split(separator: ">").first
        }
        .filter { $0 != "options" && $0 != "subcommand" }
        #expect(!placeholders.isEmpty)
        for placeholder in placeholders {
            #expect(placeholder == placeholder.uppercased(), "<\(placeholder)>")
        }
    }

    @Test func startupPrintsTheBannerOnceAndAHintForThisBuild() async throws {
        let session = try TerminalSession(
            BuiltExecutable("flags-server"), ["--profile", "LOCAL", "--port", "0"])
        let ready = await onOwnThread {
            session.waitFor(timeout: .seconds(300)) { $0.contains("Try, in another terminal:") }
        }
        session.signal(SIGINT)
        _ = await onOwnThread { session.wait() }
        let text = session.text
        #expect(ready, "\(text)")
        // The log line that repeated the banner's facts ("LOCAL serving 194 flags at …") is gone.
        #expect(!text.contains("serving 194 flags"), "\(text)")
        #expect(!text.contains("swift run"), "\(text)")
        let directory = URL(fileURLWithPath: BuiltExecutable("flags-server").path)
            .deletingLastPathComponent().lastPathComponent
        #expect(text.contains("\(directory)/flags-seq -s http://127.0.0.1:"), "\(text)")
    }
}
