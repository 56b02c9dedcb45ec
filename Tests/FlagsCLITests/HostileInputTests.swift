import FlagsCore
import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

/// What a user may type and a server may send, tried on the built clients: nothing traps, hangs,
/// overwrites or goes unexplained.
@Suite struct HostileInputTests {
    @Test(
        arguments: Client.allCases.flatMap { client in
            [
                ("--timeout", "inf", "between 0.001 and 3600 seconds"),
                ("--timeout", "1e300", "between 0.001 and 3600 seconds"),
                ("--timeout", "0.0001", "between 0.001 and 3600 seconds"),
                ("--timeout", "nan", "between 0.001 and 3600 seconds"),
                ("--connect-timeout", "9223372036854775", "between 0.001 and 3600 seconds"),
                ("--connect-timeout", "-inf", "between 0.001 and 3600 seconds"),
                ("--deadline", "1e300", "between 0.001 and 86400 seconds"),
                ("--deadline", "0", "between 0.001 and 86400 seconds"),
                ("--max-retry-after", "inf", "between 0 and 3600 seconds"),
                ("--max-retry-after", "-1", "between 0 and 3600 seconds"),
                ("--retries", "1000000", "between 0 and 100"),
                ("--cpu-work", "9223372036854775807", "between 0 and 100000"),
                ("--max-size", "0", "between 1 and 1073741824"),
            ].map { (client, $0.0, $0.1, $0.2) }
        })
    func outOfRangeNumbersAreUsageErrorsNamingOptionValueAndRange(
        client: Client, option: String, value: String, range: String
    ) async throws {
        let output = try TemporaryDirectory()
        defer { output.remove() }
        // `--option=value`: a value starting with "-" would otherwise be read as an option.
        let result = try await client.run(["\(option)=\(value)", "-o", output.file("never"), "BR"])
        #expect(result.status == 64, "\(option) \(value): \(result.stderr)")
        #expect(result.signal == nil)
        #expect(result.stderr.contains(option), "\(result.stderr)")
        #expect(result.stderr.contains(range), "\(result.stderr)")
        #expect(result.stderr.contains("(got "), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output.file("never")))
    }

    /// ArgumentParser reads `-1` as an option and used to answer "Missing value for '--limit <N>'":
    /// the message now says what the option takes.
    @Test(
        arguments: Client.allCases.flatMap { client in
            [
                (["--limit", "-1"], "--limit must be at least 1 (got -1)"),
                (["-l", "-5"], "--limit must be at least 1 (got -5)"),
                (["--timeout", "-1"], "--timeout must be between 0.001 and 3600 seconds (got -1)"),
                (["-m", "-2"], "--max-concurrency must be between 1 and 1000 (got -2)"),
                (["--deadline", "-0.5"], "--deadline must be between 0.001 and 86400 seconds (got -0.5)"),
            ].map { (client, $0.0, $0.1) }
        })
    func aNegativeNumberAfterAnOptionGetsTheRealReason(client: Client, arguments: [String], message: String)
        async throws
    {
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let result = try await client.run(arguments + ["-o", output.file("never"), "BR"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing value"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.file("never")))
    }

    @Test(arguments: Client.allCases)
    func anAddressWithoutSchemeSuggestsTheHTTPForm(client: Client) async throws {
        let result = try await client.run(["-s", "127.0.0.1:8001/flags", "BR"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("did you mean http://127.0.0.1:8001/flags?"), "\(result.stderr)")
    }

    /// The repros: each one trapped (exit 132) or waited for days before.
    @Test(
        arguments: Client.allCases.flatMap { client in
            [
                (429, "9000000000"), (503, "9000000000"), (429, "Fri, 31 Dec 9999 23:59:59 GMT"),
                (503, "Fri, 31 Dec 9999 23:59:59 GMT"), (429, "100000"),
            ].map { (client, $0.0, $0.1) }
        })
    func aServerAskingForAnEndlessWaitFailsThatFlagOnly(client: Client, status: Int, retryAfter: String)
        async throws
    {
        let png = try #require(ReferenceFlags.png("US"))
        let server = try ScriptedHTTPServer { request in
            request.path.hasPrefix("/flags/br/")
                ? .respond(status: status, headers: ["Retry-After": retryAfter])
                : .respond(status: 200, body: png)
        }
        defer { server.stop() }
        let output = try TemporaryDirectory()
        defer { output.remove() }
        // --deadline is only a safety net: a run that waited would end 124 and fail the test. (The
        // issue's `--timeout 3` is left out: on a loaded machine it could cut US's good answer.)
        let result = try await client.run([
            "-s", server.baseURL, "-o", output.path, "BR", "US", "-m", "1", "--retries", "2",
            "--deadline", "600", "--json",
        ])
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["ok"] as? Int == 1)
        #expect(json["errors"] as? Int == 1)
        #expect(json["stopped"] == nil)
        let failures = try #require(json["failures"] as? [[String: String]])
        #expect(failures.count == 1)
        #expect(failures.first?["code"] == "BR")
        #expect(failures.first?["kind"] == "http_\(status)")
        let reason = failures.first?["reason"] ?? ""
        #expect(reason.hasPrefix("server asked to wait "), "\(reason)")
        #expect(reason.contains("; limit 30 s"), "\(reason)")
        #expect(output.contents() == ["US.png"])
        #expect(server.requestCount == 2, "no retry for a refused wait")
    }

    @Test(arguments: Client.allCases)
    func countryNamesNeverCollideEscapeOrOverflow(client: Client) async throws {
        let png = try #require(ReferenceFlags.png("BR"))
        let names = [
            "AA": "Same Name", "AB": "Same Name", "AC": "Same.Name", "AD": "\u{0D4E}/pwned",
            "AE": String(repeating: "x", count: 245), "AF": String(repeating: "é", count: 245),
        ]
        let server = try ScriptedHTTPServer { request in
            let parts = request.path.split(separator: "/")
            guard parts.count == 3, let name = names[parts[1].uppercased()] else {
                return .respond(status: 404)
            }
            if parts[2] == "metadata.json" {
                let body = try? JSONSerialization.data(withJSONObject: ["country": name])
                return .respond(status: 200, body: Array(body ?? Data()))
            }
            return .respond(status: 200, body: png)
        }
        defer { server.stop() }
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let result = try await client.run(
            ["-s", server.baseURL, "-o", output.path, "--names", "--json"] + names.keys.sorted())
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["ok"] as? Int == names.count)
        let files = output.contents()
        #expect(files.count == names.count, "one file per flag counted ok: \(files)")
        #expect(files.contains("\u{0D4E}_pwned.png"))
        // Three codes whose names sanitize alike: the first to be saved keeps the name, the others
        // get their code added (which one wins depends on the strategy's order).
        let same = files.filter { $0.hasPrefix("Same_Name") }
        #expect(same.count == 3 && same.contains("Same_Name.png"), "\(same)")
        #expect(
            same.allSatisfy {
                ["Same_Name.png", "Same_Name_AA.png", "Same_Name_AB.png", "Same_Name_AC.png"].contains($0)
            })
        for file in files {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: output.file(file), isDirectory: &isDirectory))
            #expect(!isDirectory.boolValue, "\(file) is a directory")
            #expect(!file.hasPrefix("."))
            #expect(file.utf8.count <= 255)
            let saved = FileManager.default.contents(atPath: output.file(file)).map { Array($0) }
            #expect(saved == png, "\(file)")
        }
    }

    @Test(arguments: Client.allCases)
    func jsonIsPrintedEvenWhenTheServerCannotBeReached(client: Client) async throws {
        let port = try closedPort()
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let url = "http://127.0.0.1:\(port)/flags"
        let result = try await client.run(["-s", url, "-o", output.path, "--json", "BR", "US"])
        #expect(result.status == 1)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            "stdout: \(result.stdout)")
        let error = try #require(json["error"] as? String)
        #expect(error.contains("cannot reach the server at \(url)"))
        #expect(json["requested"] as? Int == 2)
        #expect(json["ok"] as? Int == 0)
        #expect(json["server"] as? String == url)
        #expect(result.stderr.contains("cannot reach"))
    }

    @Test(arguments: Client.allCases)
    func anOutputDirectoryThatCannotBeMadeSaysWhy(client: Client) async throws {
        let server = try ScriptedHTTPServer { _ in .respond(status: 404) }
        defer { server.stop() }
        let result = try await client.run(["-s", server.baseURL, "-o", "/proc/flags-test/x", "--json", "BR"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("cannot create output directory '/proc/flags-test/x'"), "\(result.stderr)")
        #expect(result.stderr.contains("cannot make directory '/proc/flags-test'"), "\(result.stderr)")
        #expect(result.stderr.contains("No such file or directory"), "\(result.stderr)")
        #expect(result.stderr.contains("takes no new directories"), "\(result.stderr)")
        #expect(!result.stderr.contains("doesn't exist"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["error"] as? String)?.contains("/proc/flags-test") == true)
        #expect(server.requestCount == 0)
    }

    @Test(arguments: Client.allCases)
    func answersThatAreNotErrorsStillFailWithAReason(client: Client) async throws {
        let statuses = ["AA": 204, "AB": 302, "AC": 304]
        let server = try ScriptedHTTPServer { request in
            let code = request.path.split(separator: "/").dropFirst().first.map { $0.uppercased() } ?? ""
            let status = statuses[code] ?? 404
            return .respond(status: status, headers: status == 302 ? ["Location": "/elsewhere.png"] : [:])
        }
        defer { server.stop() }
        let output = try TemporaryDirectory()
        defer { output.remove() }
        let result = try await client.run([
            "-s", server.baseURL, "-o", output.path, "--json", "--max-redirects", "0", "AA", "AB", "AC",
        ])
        #expect(result.status == 1)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let failures = try #require(json["failures"] as? [[String: String]])
        #expect(failures.count == 3)
        for failure in failures {
            let code = failure["code"] ?? ""
            #expect(failure["kind"] == "http_\(statuses[code] ?? 0)")
            #expect(!(failure["reason"] ?? "").isEmpty, "\(code)")
        }
        #expect(server.requestCount == 3, "no redirect was followed")
    }
}
