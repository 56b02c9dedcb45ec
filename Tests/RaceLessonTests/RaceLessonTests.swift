import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

/// The race lesson in `Examples/RaceLesson/`, checked with the compiler that runs these tests: the
/// racy counter must stay rejected in Swift 6 (and only for its race), the fixed ones must compile
/// without a warning and count every job. If a toolchain ever changes its mind, this fails and the
/// README's quote gets fixed with it.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct RaceLessonTests {
    /// The compiler's words, as the README quotes them.
    static let raceError = "error: mutation of captured var 'downloaded' in concurrently-executing code"

    @Test func theRacyCounterIsRejectedInSwift6ForItsDataRace() async throws {
        let swiftc = try #require(
            Toolchain.swiftc, "no swiftc beside the Swift runtime, on PATH or in /opt/swift")
        let racy = Toolchain.snippet("Racy.swift")
        let swift6 = try await onOwnThread {
            try BuiltExecutable(swiftc).run(["-typecheck", "-swift-version", "6", racy])
        }
        #expect(swift6.status != 0, "Swift 6 accepted the racy counter:\n\(swift6.stderr)")
        #expect(swift6.stderr.contains(Self.raceError), "\(swift6.stderr)")
        let errors = swift6.stderr.split(separator: "\n").filter { $0.contains("error:") }
        #expect(errors.allSatisfy { $0.contains("captured var 'downloaded'") }, "every error is the race")
        // The same file in Swift 5 mode: only a warning, so the race is the one thing wrong with it.
        let swift5 = try await onOwnThread {
            try BuiltExecutable(swiftc).run(["-typecheck", "-swift-version", "5", racy])
        }
        #expect(swift5.status == 0, "\(swift5.stderr)")
        #expect(swift5.stderr.contains("this is an error in the Swift 6 language mode"), "\(swift5.stderr)")
    }

    @Test(arguments: ["CountWithMutex.swift", "CountWithActor.swift", "CountByReturning.swift"])
    func eachFixCompilesWithoutWarningsAndCountsEveryJob(snippet: String) async throws {
        let swiftc = try #require(
            Toolchain.swiftc, "no swiftc beside the Swift runtime, on PATH or in /opt/swift")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let program = directory.file("count")
        let source = Toolchain.snippet(snippet)
        let compiled = try await onOwnThread {
            try BuiltExecutable(swiftc).run([
                "-swift-version", "6", "-warnings-as-errors", source, "-o", program,
            ])
        }
        try #require(compiled.status == 0, "\(compiled.stderr)")
        let run = try await onOwnThread { try BuiltExecutable(program).run([]) }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "1000\n")
    }
}

/// Where the lesson's files and the compiler are.
enum Toolchain {
    /// `Examples/RaceLesson/<name>` in this checkout.
    static func snippet(_ name: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/RaceLesson/\(name)").path
    }

    /// The `swiftc` of the toolchain whose runtime runs these tests (`…/usr/lib/swift/linux/
    /// libswiftCore.so` → `…/usr/bin/swiftc`), else the first on `PATH`, else /opt/swift's.
    static var swiftc: String? {
        var candidates: [String] = []
        // The runtime library this process has mapped, as /proc/self/maps names it.
        let maps = (try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)) ?? ""
        if let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("/libswiftCore.so") }),
            let start = line.firstIndex(of: "/")
        {
            var directory = URL(fileURLWithPath: String(line[start...])).resolvingSymlinksInPath()
            for _ in 0..<4 { directory.deleteLastPathComponent() }
            candidates.append(directory.appendingPathComponent("bin/swiftc").path)
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        candidates += path.split(separator: ":").map { "\($0)/swiftc" }
        candidates.append("/opt/swift/usr/bin/swiftc")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
