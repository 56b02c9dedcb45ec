import FlagsCore
import FlagsShared
import Testing

@Suite struct FlagSiteTests {
    @Test func buildsImageAndMetadataURLsWithLowerCaseCodes() throws {
        let site = try FlagSite(baseURL: "http://127.0.0.1:8001/flags/")
        #expect(site.baseURL == "http://127.0.0.1:8001/flags")
        #expect(site.imageURL(for: "BR") == "http://127.0.0.1:8001/flags/br/br.png")
        #expect(site.metadataURL(for: "Br") == "http://127.0.0.1:8001/flags/br/metadata.json")
    }

    @Test(arguments: [
        "http://localhost:8000/flags", "https://example.test/a/b", "http://[::1]:8000/flags",
        "HTTP://127.0.0.1/flags", "http://127.0.0.1:65535",
    ])
    func acceptsAbsoluteHTTPURLs(url: String) throws {
        _ = try FlagSite(baseURL: url)
    }

    @Test(arguments: [
        "", "localhost:8000", "ftp://127.0.0.1/flags", "http://", "http:///flags", "http://:8000/flags",
        "http://127.0.0.1:0/flags", "http://127.0.0.1:70000/flags", "http://127.0.0.1:port/flags",
        "http://bad host/flags", "http://127.0.0.1/fl ags", "http://127.0.0.1/flags?x=1",
        "file:///etc/passwd",
    ])
    func rejectsMalformedURLsWithAUsageError(url: String) {
        #expect(throws: UsageError.self) { try FlagSite(baseURL: url) }
    }
}
