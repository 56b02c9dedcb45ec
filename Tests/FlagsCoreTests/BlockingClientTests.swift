import FlagsCore
import FlagsServer
import FlagsShared
import FlagsTestSupport
import Foundation
import Testing

@Suite struct BlockingClientTests {
    @Test func getsAFlagWithItsHeaders() async throws {
        try await withFlagServer { server in
            let url = "\(server.baseURL)/br/br.png"
            let response = try await onOwnThread { try BlockingClient().get(url) }
            #expect(response.status == 200)
            #expect(response.body == ReferenceFlags.png("BR"))
            #expect(response.contentLength == response.body.count)
            #expect(response.contentType == "image/png")
        }
    }

    @Test func notFoundIsAResponseNotAnError() async throws {
        try await withFlagServer { server in
            let url = "\(server.baseURL)/zz/zz.png"
            let response = try await onOwnThread { try BlockingClient().get(url) }
            #expect(response.status == 404)
        }
    }

    @Test func teapotStatusIsReturned() async throws {
        try await withFlagServer(errorRate: 1) { server in
            let url = "\(server.baseURL)/br/br.png"
            let response = try await onOwnThread { try BlockingClient().get(url) }
            #expect(response.status == 418)
        }
    }

    @Test func consecutiveRequestsReuseOneConnection() throws {
        let server = try ScriptedHTTPServer { _ in .respond(status: 200, body: [1, 2, 3]) }
        defer { server.stop() }
        let client = try BlockingClient()
        for _ in 0..<5 { #expect(try client.get("\(server.baseURL)/br/br.png").body == [1, 2, 3]) }
        #expect(server.requestCount == 5)
        #expect(server.connectionsOpened == 1)
    }

    @Test func refusedConnectionIsReportedAsRefused() throws {
        let port = try closedPort()
        #expect {
            _ = try BlockingClient().get("http://127.0.0.1:\(port)/flags/br/br.png")
        } throws: { error in
            guard let error = error as? TransferError else { return false }
            return error.kind == .refused && error.message.contains("\(port)")
        }
    }

    @Test func stalledServerEndsAtTheTimeout() throws {
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let client = try BlockingClient(options: ClientOptions(timeout: .milliseconds(300)))
        #expect {
            _ = try client.get("\(server.baseURL)/br/br.png")
        } throws: { error in
            (error as? TransferError)?.kind == .timeout
        }
    }

    @Test func truncatedBodyIsAnError() throws {
        let server = try ScriptedHTTPServer { _ in
            .truncated(declared: 1000, body: Array(repeating: 7, count: 400))
        }
        defer { server.stop() }
        #expect {
            _ = try BlockingClient().get("\(server.baseURL)/br/br.png")
        } throws: { error in
            (error as? TransferError)?.kind == .truncated
        }
    }

    @Test func resetConnectionIsReportedAsReset() throws {
        let server = try ScriptedHTTPServer { _ in .reset }
        defer { server.stop() }
        #expect {
            _ = try BlockingClient().get("\(server.baseURL)/br/br.png")
        } throws: { error in
            (error as? TransferError)?.kind == .reset
        }
    }

    @Test(arguments: [true, false])
    func bodiesOverTheLimitAreRefused(declareLength: Bool) throws {
        let body = [UInt8](repeating: 1, count: 5000)
        let server = try ScriptedHTTPServer { _ in
            declareLength ? .respond(status: 200, body: body) : .truncated(declared: 6000, body: body)
        }
        defer { server.stop() }
        let client = try BlockingClient(options: ClientOptions(maxBodyBytes: 1000))
        #expect {
            _ = try client.get("\(server.baseURL)/br/br.png")
        } throws: { error in
            (error as? TransferError)?.kind == .tooLarge
        }
    }

    @Test func aFiredCancellationSignalAbortsTheTransfer() throws {
        let signal = CancellationSignal()
        let server = try ScriptedHTTPServer { _ in
            signal.cancel(.interrupted)
            return .stall
        }
        defer { server.stop() }
        let client = try BlockingClient(cancellation: signal)
        #expect {
            _ = try client.get("\(server.baseURL)/br/br.png")
        } throws: { error in
            (error as? TransferError)?.kind == .cancelled
        }
    }

    @Test func reachabilityCheckTellsRefusedFromListening() throws {
        let server = try ScriptedHTTPServer { _ in .respond(status: 200) }
        defer { server.stop() }
        try BlockingClient.checkReachable(server.baseURL)
        #expect(server.requestCount == 0)
        let port = try closedPort()
        #expect(throws: TransferError.self) {
            try BlockingClient.checkReachable("http://127.0.0.1:\(port)/flags")
        }
    }
}

@Suite struct RetryAfterTests {
    @Test func secondsAndHTTPDatesAreBothUnderstood() async throws {
        let server = try ScriptedHTTPServer { request in
            // The date is made when the response is: 30 s from then, whatever the test's pace.
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let date = formatter.string(from: Date(timeIntervalSinceNow: 3600))
            let retryAfter = request.path.hasSuffix("date") ? date : "7"
            return .respond(status: 429, headers: ["Retry-After": retryAfter])
        }
        defer { server.stop() }
        let client = try AsyncClient(options: .roomy)
        let seconds = try await client.get("\(server.baseURL)/seconds").retryAfter
        let dated = try await client.get("\(server.baseURL)/date").retryAfter
        await client.shutdown()
        #expect(seconds == .seconds(7))
        let wait = try #require(dated)
        // An hour ahead: however long a busy machine takes between the two clocks, the wait is
        // what the date says, less that time, and no more.
        #expect(wait >= .seconds(3000) && wait <= .seconds(3601))
    }

    @Test func aReusedConnectionResetBeforeTheAnswerIsNotResentBehindOurBack() throws {
        // The second request, on the kept-alive connection, is reset before any answer: libcurl
        // would send it again on a new connection, and the server would see a third request.
        let server = try ScriptedHTTPServer { request in
            request.index == 1 ? .reset : .respond(status: 200, body: [7])
        }
        defer { server.stop() }
        let client = try BlockingClient()
        #expect(try client.get("\(server.baseURL)/br/br.png").body == [7])
        #expect {
            _ = try client.get("\(server.baseURL)/br/br.png")
        } throws: { error in
            (error as? TransferError)?.kind == .reset
        }
        #expect(server.requestCount == 2, "one request per attempt, none resent")
        #expect(try client.get("\(server.baseURL)/br/br.png").body == [7], "the client carries on")
        #expect(server.requestCount == 3)
    }

    /// Curl reads a timeout of 0 ms as "none": anything below 1 ms must still end the transfer.
    @Test(.timeLimit(.minutes(5)), arguments: [Duration.zero, .nanoseconds(1), .seconds(-5)])
    func aTimeoutBelowOneMillisecondStillEndsTheTransfer(timeout: Duration) throws {
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let client = try BlockingClient(options: ClientOptions(timeout: timeout))
        #expect {
            _ = try client.get("\(server.baseURL)/br/br.png")
        } throws: { error in
            (error as? TransferError)?.kind == .timeout
        }
    }

    /// Hostile sizes and durations are bounded, never converted with a trap.
    @Test func hugeTimeoutsAndLimitsNeitherTrapNorBreakATransfer() throws {
        let server = try ScriptedHTTPServer { _ in .respond(status: 200, body: [1, 2]) }
        defer { server.stop() }
        let options = ClientOptions(
            timeout: .seconds(Int64.max), connectTimeout: .seconds(9_223_372_036_854_775),
            maxBodyBytes: Int.max)
        #expect(try BlockingClient(options: options).get("\(server.baseURL)/br/br.png").body == [1, 2])
        let none = ClientOptions(maxBodyBytes: -1)
        #expect {
            _ = try BlockingClient(options: none).get("\(server.baseURL)/br/br.png")
        } throws: { error in
            (error as? TransferError)?.kind == .tooLarge
        }
    }
}
