import FlagsTestSupport
import Testing

@testable import FlagsCore

/// The per-flag state machine, driven by hand: no network, so every path is reached exactly.
@Suite struct FlagJobTests {
    private func downloader(_ settings: DownloadSettings) throws -> FlagDownloader {
        FlagDownloader(
            site: try FlagSite(baseURL: "http://127.0.0.1:9/flags"),
            store: FlagStore(directory: "/nonexistent-flags-test"), settings: settings)
    }

    @Test func aFlagStoppedWhileItWaitsForARetryCountsOnlyTheRequestsSent() throws {
        var job = FlagJob(code: "BR", downloader: try downloader(DownloadSettings(retries: 3)))
        guard case .fetch(_, nil) = job.start() else {
            Issue.record("the first request starts at once")
            return
        }
        #expect(job.cancelled().attempts == 0, "stopped before the first request was sent")
        let next = job.received(.success(HTTPResponse(status: 503)))
        guard case .fetch(_, .some) = next else {
            Issue.record("a 503 with retries left waits, then tries again; got \(next)")
            return
        }
        // The run is stopped during the backoff: the retry was never sent.
        #expect(job.cancelled().attempts == 1)
        _ = job.received(.failure(TransferError(.reset, "reset")))
        #expect(job.cancelled().attempts == 2)
    }

    @Test(arguments: [204, 206, 301, 302, 304, 307, 418, 599, 999])
    func everyUnexpectedStatusFailsWithAReason(status: Int) throws {
        // Redirects not followed (RedirectTests covers following them).
        var job = FlagJob(code: "BR", downloader: try downloader(DownloadSettings(maxRedirects: 0)))
        _ = job.start()
        guard case .finish(let result) = job.received(.success(HTTPResponse(status: status))),
            case .failed(let failure) = result.outcome
        else {
            Issue.record("HTTP \(status) should fail the flag")
            return
        }
        #expect(failure.kind == .httpStatus(status))
        #expect(!failure.detail.isEmpty)
        #expect(result.attempts == 1)
    }

    @Test func redirectsAndEmptyAnswersSayWhatWasExpected() {
        #expect(FlagJob.reason(204) == "No Content: a flag comes with 200 and its image")
        #expect(FlagJob.reason(302).hasPrefix("Found: redirects are not followed"))
        #expect(FlagJob.reason(304).hasPrefix("Not Modified: "))
        #expect(FlagJob.reason(418) == "I'm a teapot")
        #expect(FlagJob.reason(599) == "unexpected status 599")
    }
}
