import FlagsCore
import FlagsServer
import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

/// The lab page in a real browser: Debian's chromium, headless, loads `/_lab/` while a client
/// runs against the server, and its DOM must show what the client's report says.
///
/// Nothing here waits on a clock. The page's stream ends once the server has idled 15 s after
/// serving (`?until_idle=15`: a client starved that long between two requests, even on a loaded
/// machine, is not something seen), and chromium's `--virtual-time-budget` does not advance while a
/// fetch is pending: the DOM is dumped only after the stream's last message, whichever of the
/// page and the client comes first and however slow the machine. The outer `timeout` is only
/// a safety net for a browser that hangs.
@Suite(.timeLimit(.minutes(5))) struct LabPageBrowserTests {
    /// Debian's chromium, if installed (`scripts/quickstart test` and `.ci/run` install it).
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(
        .enabled(
            if: LabPageBrowserTests.chromium != nil,
            "chromium is not installed: the lab page's browser test is SKIPPED (apt-get install chromium)"),
        arguments: Client.allCases)
    func theBrowserShowsWhatTheClientReports(client: Client) async throws {
        let chromium = try #require(Self.chromium)
        // Every flag, a quarter of them answered 418, each held a little: flags fail and light up.
        let profile = ServerProfile(
            name: "PAGE", defaultPort: 0, delay: .fixed(.milliseconds(client == .async ? 200 : 10)),
            errorRate: 0.25)
        let configuration = FlagServerConfiguration(profile: profile, seed: 11, root: ReferenceFlags.root)
        let output = try TemporaryDirectory()
        let profileDirectory = try TemporaryDirectory("flags-chromium")
        defer {
            output.remove()
            profileDirectory.remove()
        }
        let codes = CountryCodes.all
        let (browser, report) = try await withFlagServer(configuration) { server in
            let page = try BuiltExecutable("timeout").start([
                "--kill-after=10", "240", chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=\(profileDirectory.path)",
                "--virtual-time-budget=10000", "--dump-dom", server.labPageURL + "?until_idle=15",
            ])
            let report = try await client.run(["-s", server.baseURL, "-o", output.path, "--json"] + codes)
            let browser = await onOwnThread { page.wait() }
            return (browser, report)
        }
        #expect(browser.status == 0, "chromium: \(browser.stderr.suffix(2_000))")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let failures = try #require(json["failures"] as? [[String: String]])
        let failed = Set(failures.compactMap { $0["code"] })
        let served = Set(codes).subtracting(failed)
        #expect(json["ok"] as? Int == served.count)
        #expect(failed.count > 20, "the seed should fail a good number of flags")

        let dom = browser.stdout
        #expect(Self.attribute("data-stream", ofTag: "body", in: dom) == "ended-idle", "\(dom.prefix(2_000))")
        let flags = Self.flags(in: dom)
        #expect(flags.count == 194)
        #expect(Set(flags.filter { $0.value.state == "ok" }.keys) == served)
        #expect(Set(flags.filter { $0.value.state == "failed" }.keys) == failed)
        #expect(flags.values.allSatisfy { $0.attempts == "1" })
        #expect(Set(flags.filter { $0.value.state == "failed" }.values.map(\.outcome)) == ["http_418"])
        #expect(Self.count("requests", in: dom) == "\(codes.count)")
        #expect(Self.count("served", in: dom) == "\(served.count)")
        #expect(Self.count("in_flight", in: dom) == "0")
    }

    /// Each flag of the grid: its code, and its `data-state`, `data-attempts`, `data-outcome`.
    static func flags(in dom: String) -> [String: (state: String, attempts: String, outcome: String)] {
        var flags: [String: (state: String, attempts: String, outcome: String)] = [:]
        for tag in tags("figure", in: dom) {
            let attributes = attributes(tag)
            guard let id = attributes["id"], id.hasPrefix("flag-") else { continue }
            flags[String(id.dropFirst(5))] = (
                attributes["data-state"] ?? "", attributes["data-attempts"] ?? "",
                attributes["data-outcome"] ?? ""
            )
        }
        return flags
    }

    /// The text of the element with `data-count="name"`.
    static func count(_ name: String, in dom: String) -> String? {
        guard let start = dom.range(of: "data-count=\"\(name)\">") else { return nil }
        return String(dom[start.upperBound...].prefix { $0 != "<" })
    }

    static func attribute(_ name: String, ofTag tag: String, in dom: String) -> String? {
        tags(tag, in: dom).first.flatMap { attributes($0)[name] }
    }

    /// The opening tags `<name …>` in `dom`.
    private static func tags(_ name: String, in dom: String) -> [Substring] {
        var tags: [Substring] = []
        var rest = dom[...]
        while let start = rest.range(of: "<\(name) ") {
            let end = rest[start.upperBound...].firstIndex(of: ">") ?? rest.endIndex
            tags.append(rest[start.upperBound..<end])
            rest = rest[end...]
        }
        return tags
    }

    /// `name="value"` pairs of one tag (chromium serialises every attribute that way).
    private static func attributes(_ tag: Substring) -> [String: String] {
        var attributes: [String: String] = [:]
        var rest = tag
        while let equals = rest.range(of: "=\"") {
            let name = rest[..<equals.lowerBound].split(separator: " ").last.map(String.init) ?? ""
            let valueEnd = rest[equals.upperBound...].firstIndex(of: "\"") ?? rest.endIndex
            attributes[name] = String(rest[equals.upperBound..<valueEnd])
            rest = valueEnd < rest.endIndex ? rest[rest.index(after: valueEnd)...] : ""
        }
        return attributes
    }
}
