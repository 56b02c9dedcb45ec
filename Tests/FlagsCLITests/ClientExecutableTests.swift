import FlagsCore
import FlagsServer
import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

/// The built clients, run as a user runs them.
enum Client: String, CaseIterable, CustomStringConvertible, Sendable {
    case seq = "flags-seq"
    case pool = "flags-pool"
    case async = "flags-async"

    var description: String { rawValue }
    var executable: BuiltExecutable { BuiltExecutable(rawValue) }

    /// Runs the client to the end. Unless the test sets them, the timeouts are an hour: on a
    /// loaded machine the client's usual 10 s (and 5 s to connect) can fire on a good answer.
    func run(_ arguments: [String]) async throws -> BuiltExecutable.Output {
        let executable = executable
        var arguments = arguments
        for option in ["--timeout", "--connect-timeout"]
        where !arguments.contains(where: { $0 == option || $0.hasPrefix("\(option)=") }) {
            arguments += [option, "3600"]
        }
        return try await onOwnThread { [arguments] in try executable.run(arguments) }
    }
}

@Suite struct ClientExecutableTests {
    @Test(arguments: Client.allCases)
    func downloadsThePopulousTwentyFromAnyServerByteIdentical(client: Client) async throws {
        try await withFlagServer { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            let result = try await client.run(["-s", server.baseURL, "-o", output.path])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "URL site: \(server.baseURL)")
            #expect(lines.contains("Searching for 20 flags: from BD to VN"))
            #expect(
                lines.contains(
                    client == .seq ? "1 connection will be used." : "20 concurrent connections will be used.")
            )
            #expect(lines.contains(" 20 flags downloaded."))
            #expect(lines.last?.hasPrefix("Elapsed time: ") == true)
            #expect(output.contents() == CountryCodes.pop20.map { "\($0).png" }.sorted())
            for code in CountryCodes.pop20 {
                let saved = FileManager.default.contents(atPath: output.file("\(code).png")).map { Array($0) }
                #expect(saved == ReferenceFlags.png(code), "\(code)")
            }
        }
    }

    @Test(arguments: Client.allCases)
    func everyCodeGives194Downloaded482NotFound(client: Client) async throws {
        try await withFlagServer { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            let result = try await client.run([
                "-s", server.baseURL, "-o", output.path, "-e", "-m", "100", "--json",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(json["requested"] as? Int == 676)
            #expect(json["ok"] as? Int == 194)
            #expect(json["not_found"] as? Int == 482)
            #expect(json["errors"] as? Int == 0)
            #expect(json["max_in_flight"] as? Int == (client == .seq ? 1 : json["concurrency"] as? Int))
            #expect(output.contents().count == 194)
        }
    }

    @Test(arguments: Client.allCases)
    func errorsExitOneAndAreCounted(client: Client) async throws {
        try await withFlagServer(errorRate: 1) { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            let result = try await client.run(["-s", server.baseURL, "-o", output.path, "-v", "BR", "ZZ"])
            #expect(result.status == 1)
            #expect(result.stdout.contains("BR error: HTTP 418: I'm a teapot"))
            #expect(result.stdout.contains("  2 errors."))
            #expect(output.contents() == [])
        }
    }

    @Test(arguments: Client.allCases)
    func verboseLinesNameEachOutcome(client: Client) async throws {
        try await withFlagServer { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            let result = try await client.run(["-s", server.baseURL, "-o", output.path, "-v", "BR", "ZZ"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("BR OK\n"))
            #expect(result.stdout.contains("ZZ not found: \(server.baseURL)/zz/zz.png\n"))
            if client == .pool {
                #expect(result.stdout.contains("Scheduled for BR: <Future #"))
                #expect(result.stdout.contains("state=finished returned FlagResult> result: BR"))
            }
        }
    }

    @Test(arguments: Client.allCases)
    func namesSaveFlagsUnderTheCountryName(client: Client) async throws {
        try await withFlagServer { server in
            let output = try TemporaryDirectory()
            defer { output.remove() }
            let result = try await client.run([
                "-s", server.baseURL, "-o", output.path, "--names", "BR", "GB", "KP",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(output.contents() == ["Brazil.png", "North_Korea.png", "United_Kingdom.png"])
            let saved = FileManager.default.contents(atPath: output.file("North_Korea.png")).map { Array($0) }
            #expect(saved == ReferenceFlags.png("KP"))
        }
    }

    @Test(arguments: Client.allCases)
    func withoutAServerAnEmbeddedOneIsStarted(client: Client) async throws {
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let result = try await client.run(["-o", output.path, "BR", "IN"])
        #expect(result.status == 0, "\(result.stderr)")
        let expectedMax = client == .seq ? 1 : 2
        #expect(result.stdout.contains("Max in flight: \(expectedMax) (the server saw \(expectedMax))"))
        let first = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("DELAY site: http://127.0.0.1:"))
        #expect(first.contains("embedded server"))
        #expect(output.contents() == ["BR.png", "IN.png"])
    }

    @Test(
        arguments: Client.allCases.flatMap { client in
            [
                ["ZZZ"], ["1"], ["--limit", "0"], ["--max-concurrency", "0"], ["-m", "1001"],
                ["-s", "NOWHERE"],
                ["-s", "ftp://127.0.0.1/flags"], ["-s", "http://127.0.0.1:99999/flags"], ["--timeout", "0"],
                ["--bogus"], ["-a", "-e"], ["BR", "--all"],
            ].map { (client, $0) }
        })
    func badInputIsAUsageErrorAndDownloadsNothing(client: Client, arguments: [String]) async throws {
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let target = output.file("never")
        let result = try await client.run(arguments + ["-o", target])
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("Error:"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test(arguments: Client.allCases)
    func anUnreachableServerIsOneLineWithAHintAndExitOne(client: Client) async throws {
        let port = try closedPort()
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let url = "http://127.0.0.1:\(port)/flags"
        let result = try await client.run(["-s", url, "-o", output.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot reach the server at \(url)"))
        // The hint names the flags-server built beside this client, not `swift run` (a debug build).
        let directory = URL(fileURLWithPath: client.executable.path).deletingLastPathComponent()
            .lastPathComponent
        #expect(result.stderr.contains("\(directory)/flags-server"), "\(result.stderr)")
        #expect(!result.stderr.contains("swift run"))
        #expect(result.stdout.isEmpty)
        #expect(output.contents() == [])
    }

    @Test(arguments: Client.allCases)
    func anUnwritableOutputFailsBeforeAnyRequest(client: Client) async throws {
        let server = try ScriptedHTTPServer { _ in .respond(status: 404) }
        defer { server.stop() }
        let output = try TemporaryDirectory()
        defer { output.remove() }
        _ = FileManager.default.createFile(atPath: output.file("file"), contents: Data([1]))
        let result = try await client.run(["-s", server.baseURL, "-o", output.file("file")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("not a directory"))
        #expect(server.requestCount == 0)
        #expect(server.connectionsOpened == 0)
    }

    @Test(arguments: Client.allCases)
    func helpTeachesTheOptionsAndExitCodes(client: Client) async throws {
        let result = try await client.run(["--help"])
        #expect(result.status == 0)
        for text in [
            "--max-concurrency", "--server", "LOCAL", "--retries", "--deadline", "Exit status", "130",
        ] {
            #expect(result.stdout.contains(text), "\(text)")
        }
    }

    /// The lines under "Examples:" in `--help` at 80 columns.
    static func helpExamples(_ client: Client) async throws -> (help: String, examples: [String]) {
        let executable = client.executable
        let result = try await onOwnThread { try executable.run(["--help"], environment: ["COLUMNS": "80"]) }
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "Examples:"))
        let examples = lines[(start + 1)...].prefix { !$0.isEmpty }
        return (result.stdout, Array(examples))
    }

    @Test(arguments: Client.allCases)
    func helpExamplesUseOnlyOptionsTheClientHonoursAndFit80Columns(client: Client) async throws {
        let (help, examples) = try await Self.helpExamples(client)
        #expect(examples.count >= 4)
        // Every option the client lists under OPTIONS, except the ones it ignores.
        let listed = Set(
            help.split(separator: "\n").filter { $0.hasPrefix("  -") }
                .flatMap { $0.split(whereSeparator: { " ,/".contains($0) }) }
                .filter { $0.hasPrefix("-") }.map(String.init))
        let ignored: Set<String> = client == .seq ? ["-m", "--max-concurrency"] : []
        #expect(listed.contains("--every") && listed.contains("-m"), "\(listed)")
        for line in examples {
            #expect(line.count <= 80, "\(line)")
            #expect(line.hasPrefix("  \(client)"), "\(line)")
            for word in line.split(separator: " ") where word.hasPrefix("-") {
                #expect(
                    listed.contains(String(word)) && !ignored.contains(String(word)), "\(client): \(line)")
            }
        }
    }

    @Test func seqHelpSaysHowLongItsSlowRunsTake() async throws {
        let (wrapped, examples) = try await Self.helpExamples(.seq)
        let help = wrapped.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!examples.contains { $0.contains(" -e") && $0.contains("ERROR") })
        #expect(help.contains("5½ minutes (676 × 0.5 s)"))
        #expect(help.contains("-m is ignored"))
    }
}
