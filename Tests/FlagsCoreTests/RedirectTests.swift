import FlagsTestSupport
import Testing

@testable import FlagsCore

/// Where a `Location` leads (libcurl's URL parser, our loopback rule), and the job that follows
/// it hop by hop, driven by hand.
@Suite struct RedirectTests {
    static let base = "http://127.0.0.1:8000/flags/br/br.png"

    @Test(arguments: [
        ("br.png?redirected", "http://127.0.0.1:8000/flags/br/br.png?redirected"),
        ("/flags/zz/zz.png", "http://127.0.0.1:8000/flags/zz/zz.png"),
        ("../../x", "http://127.0.0.1:8000/x"),
        ("http://localhost:9/a", "http://localhost:9/a"),
        ("http://[::1]:9/a", "http://[::1]:9/a"),
        ("http://[0:0:0:0:0:0:0:1]:9/a", "http://[::1]:9/a"),
        ("https://127.1.2.3/a", "https://127.1.2.3/a"),
        ("http://2130706433/a", "http://127.0.0.1/a"),
    ])
    func loopbackLocationsAreResolvedAgainstTheRequest(location: String, url: String) {
        #expect(Redirect.decide(location: location, base: Self.base) == .follow(url))
    }

    @Test(arguments: [
        ("http://example.com/flags", "example.com"),
        ("//example.com/x", "example.com"),
        ("http://127.0.0.1@example.com/", "example.com"),
        ("http://outside.localhost:8000/", "outside.localhost"),
        ("http://localhost./", "localhost."),
        ("http://[::ffff:127.0.0.1]/", "[::ffff:127.0.0.1]"),
        ("http://10.0.0.1/", "10.0.0.1"),
        ("http://128.0.0.1/", "128.0.0.1"),
    ])
    func otherHostsAreRefusedByName(location: String, host: String) {
        guard case .refused(let refused, _) = Redirect.decide(location: location, base: Self.base) else {
            Issue.record("\(location) must be refused")
            return
        }
        #expect(refused == host)
    }

    @Test(arguments: [
        "", "a b", "http://[::1", "file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)",
        "http://br\u{E9}sil/", "/flags/br/br.png\u{7}", "/" + String(repeating: "a", count: 5000),
    ])
    func garbageIsUnusable(location: String) {
        guard case .unusable(let reason) = Redirect.decide(location: location, base: Self.base) else {
            Issue.record("\(location.prefix(40)) is no usable Location")
            return
        }
        #expect(!reason.isEmpty)
        #expect(reason.utf8.allSatisfy { (0x20...0x7E).contains($0) || $0 >= 0x80 }, "printable: \(reason)")
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.255.255.255", true), ("LocalHost", true), ("[::1]", true),
        ("127.0.0.256", false), ("127.0.0", false), ("127.0.0.1.", false), ("0127.0.0.1", false),
        ("127.00000.0.1", false), ("a.localhost", false), ("::1", false), ("", false),
    ])
    func theLoopbackRuleIsExact(host: String, loopback: Bool) {
        #expect(Redirect.isLoopback(host: host) == loopback)
    }

    // MARK: - The job

    private func makeJob(_ settings: DownloadSettings, code: String = "BR") throws -> (
        FlagJob, TemporaryDirectory
    ) {
        let directory = try TemporaryDirectory()
        let store = FlagStore(directory: directory.path)
        try store.prepare()
        let downloader = FlagDownloader(
            site: try FlagSite(baseURL: "http://127.0.0.1:9/flags"), store: store, settings: settings)
        return (FlagJob(code: code, downloader: downloader), directory)
    }

    private static func redirect(_ location: String?, status: Int = 302) -> Result<
        HTTPResponse, TransferError
    > {
        .success(HTTPResponse(status: status, location: location))
    }

    @Test func eachHopIsARequestAndTheFileIsNamedByTheCode() throws {
        var (job, directory) = try makeJob(DownloadSettings(verifyPNG: false))
        defer { directory.remove() }
        _ = job.start()
        let hop = "http://127.0.0.1:9/flags/zz/zz.png"
        guard case .fetch(hop, nil) = job.received(Self.redirect("/flags/zz/zz.png", status: 301)) else {
            Issue.record("a redirect is followed at once")
            return
        }
        guard case .fetch("http://localhost:9/x", nil) = job.received(Self.redirect("http://localhost:9/x")),
            case .finish(let result) = job.received(.success(HTTPResponse(status: 200, body: [1, 2, 3])))
        else {
            Issue.record("the second hop, then the flag")
            return
        }
        #expect(result.outcome == .ok)
        #expect(result.savedAs == "BR.png", "the Location chose no file name")
        #expect(directory.contents() == ["BR.png"])
        #expect(result.attempts == 3)
        #expect(result.redirects == [hop, "http://localhost:9/x"])
        #expect(result.url == "http://localhost:9/x")
    }

    @Test func aLoopEndsAtTheLimitWithEveryHopCounted() throws {
        var (job, directory) = try makeJob(DownloadSettings(maxRedirects: 2))
        defer { directory.remove() }
        _ = job.start()
        for location in ["br.png?loop", "/flags/br/br.png"] {
            guard case .fetch = job.received(Self.redirect(location)) else {
                Issue.record("within the limit")
                return
            }
        }
        guard case .finish(let result) = job.received(Self.redirect("br.png?loop")),
            case .failed(let failure) = result.outcome
        else {
            Issue.record("the third redirect is past the limit")
            return
        }
        #expect(failure.kind == .redirect)
        #expect(failure.detail.contains("2 redirects"), "\(failure.detail)")
        #expect(result.attempts == 3)
        #expect(result.redirects.count == 2)
    }

    @Test(arguments: [
        ("http://example.com/flags/br/br.png", "'example.com' refused, not contacted"),
        (nil, "without a Location header"),
        ("http://[::1", "is not a URL"),
    ])
    func aRedirectNotFollowedFailsAtOnceSayingWhy(location: String?, says: String) throws {
        var (job, directory) = try makeJob(DownloadSettings(retries: 3))
        defer { directory.remove() }
        _ = job.start()
        guard case .finish(let result) = job.received(Self.redirect(location, status: 307)),
            case .failed(let failure) = result.outcome
        else {
            Issue.record("no request follows, not even a retry")
            return
        }
        #expect(failure.kind == .redirect)
        #expect(failure.detail.contains(says), "\(failure.detail)")
        #expect(result.attempts == 1)
        #expect(result.redirects.isEmpty)
    }

    @Test func aRetryAfterAHopRetriesTheHop() throws {
        var (job, directory) = try makeJob(DownloadSettings(retries: 1, backoff: .zero))
        defer { directory.remove() }
        _ = job.start()
        _ = job.received(Self.redirect("br.png?redirected"))
        guard case .fetch(let url, .some) = job.received(.success(HTTPResponse(status: 503))) else {
            Issue.record("a 503 with a retry left is retried")
            return
        }
        #expect(url == "http://127.0.0.1:9/flags/br/br.png?redirected")
    }

    @Test func withNoRedirectsAllowedARedirectIsAnHTTPError() throws {
        var (job, directory) = try makeJob(DownloadSettings(maxRedirects: 0))
        defer { directory.remove() }
        _ = job.start()
        guard case .finish(let result) = job.received(Self.redirect("br.png?redirected")),
            case .failed(let failure) = result.outcome
        else {
            Issue.record("not followed")
            return
        }
        #expect(failure.kind == .httpStatus(302))
        #expect(failure.detail.contains("--max-redirects 0"))
    }
}
