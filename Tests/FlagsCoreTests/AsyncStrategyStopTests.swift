import FlagsCore
import FlagsShared
import FlagsTestSupport
import Testing

/// flags-async stops on the run's cancellation signal alone, as seq and pool do: no task needs
/// cancelling by hand.
@Suite struct AsyncStrategyStopTests {
    @Test func theSignalAloneStopsTransfersInFlightAndLeavesNoFile() async throws {
        let cancellation = CancellationSignal()
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let (downloader, directory) = try makeDownloader(
            server.baseURL,
            settings: DownloadSettings(client: ClientOptions(timeout: .seconds(3600)), retries: 3),
            cancellation: cancellation)
        defer { directory.remove() }
        let codes = Array(CountryCodes.all.prefix(40))
        let inFlight = 10
        let run = Task {
            try await Strategy.async.run(
                codes, downloader: downloader, maxConcurrency: inFlight, observer: RecordingObserver())
        }
        #expect(await onOwnThread { server.waitForRequests(inFlight) })
        cancellation.cancel(.interrupted)
        let tally = try await run.value
        #expect(tally.cancelled == codes.count)
        #expect(tally.attempts == inFlight, "a cancelled transfer is not retried")
        #expect(tally.isBalanced)
        #expect(server.requestCount == inFlight, "nothing new started after the stop")
        #expect(directory.contents() == [])
        #expect(await onOwnThread { server.waitForClientCloses(inFlight) }, "the transfers were aborted")
    }

    /// A flag sleeping out its retry backoff stops on the signal too, not an hour later.
    @Test(.timeLimit(.minutes(5)))
    func theSignalWakesFlagsWaitingToRetry() async throws {
        let cancellation = CancellationSignal()
        let server = try ScriptedHTTPServer { _ in .respond(status: 500) }
        defer { server.stop() }
        let (downloader, directory) = try makeDownloader(
            server.baseURL,
            settings: DownloadSettings(
                client: .roomy, retries: 3, backoff: .seconds(3600), maxBackoff: .seconds(3600)),
            cancellation: cancellation)
        defer { directory.remove() }
        let codes = Array(CountryCodes.all.prefix(5))
        let run = Task {
            try await Strategy.async.run(
                codes, downloader: downloader, maxConcurrency: codes.count, observer: RecordingObserver())
        }
        #expect(await onOwnThread { server.waitForRequests(codes.count) })
        cancellation.cancel(.interrupted)
        let tally = try await run.value
        #expect(tally.cancelled == codes.count)
        #expect(server.requestCount == codes.count, "no retry was made after the stop")
    }
}
