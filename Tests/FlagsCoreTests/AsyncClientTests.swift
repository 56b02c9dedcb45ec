import FlagsCore
import FlagsShared
import FlagsTestSupport
import Testing

@Suite struct AsyncClientTests {
    @Test func fiveHundredTransfersInFlightAtOnceAllCompleteCorrectly() async throws {
        let count = 500
        // Every response is held until all 500 requests are in the server at the same time.
        let barrier = Barrier(count: count)
        let server = try ScriptedHTTPServer { request in
            barrier.arriveAndWait()
            return .respond(status: 200, body: Array(request.path.utf8))
        }
        defer { server.stop() }
        let client = try AsyncClient(options: .roomy)
        let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<count {
                let path = "/flags/\(index)/\(index).png"
                group.addTask {
                    try await client.get("http://127.0.0.1:\(server.port)\(path)").body == Array(path.utf8)
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 0 : 1) }
        }
        await client.shutdown()
        #expect(mismatches == 0)
        #expect(barrier.tripped)
        #expect(server.maxInFlight == count)
        #expect(server.requestCount == count)
    }

    @Test func connectionsAreReusedAcrossTransfers() async throws {
        let server = try ScriptedHTTPServer { _ in .respond(status: 200, body: [42]) }
        defer { server.stop() }
        let client = try AsyncClient(options: .roomy)
        for _ in 0..<10 { #expect(try await client.get("\(server.baseURL)/br/br.png").body == [42]) }
        await client.shutdown()
        #expect(server.connectionsOpened == 1)
    }

    @Test func failuresInSomeTransfersLeaveTheOthersIntact() async throws {
        let server = try ScriptedHTTPServer { request in
            switch request.path {
            case let path where path.hasSuffix("reset"): .reset
            case let path where path.hasSuffix("short"): .truncated(declared: 100, body: [1, 2])
            case let path where path.hasSuffix("teapot"): .respond(status: 418)
            default: .respond(status: 200, body: Array(request.path.utf8))
            }
        }
        defer { server.stop() }
        let client = try AsyncClient(options: .roomy)
        let paths = (0..<40).map { index in "/x/\(index)/" + ["ok", "reset", "short", "teapot"][index % 4] }
        let results = await withTaskGroup(of: (String, String).self) { group in
            for path in paths {
                group.addTask {
                    do {
                        let response = try await client.get("http://127.0.0.1:\(server.port)\(path)")
                        return (
                            path,
                            response.status == 200 && response.body == Array(path.utf8)
                                ? "ok" : "\(response.status)"
                        )
                    } catch let error as TransferError {
                        return (path, "\(error.kind)")
                    } catch {
                        return (path, "\(error)")
                    }
                }
            }
            return await group.reduce(into: [String: String]()) { $0[$1.0] = $1.1 }
        }
        await client.shutdown()
        for path in paths {
            let expected = [
                "ok": "ok", "reset": "connection reset", "short": "truncated body", "teapot": "418",
            ][
                String(path.split(separator: "/").last!)]
            #expect(results[path] == expected, "\(path)")
        }
    }

    @Test func cancellingTheGroupResumesEveryCallerAndClosesTheConnections() async throws {
        let count = 50
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let client = try AsyncClient(options: .roomy)
        let cancelled = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        _ = try await client.get("\(server.baseURL)/\(index)")
                        return false
                    } catch {
                        return error is CancellationError
                    }
                }
            }
            let arrived = await onOwnThread { server.waitForRequests(count) }
            #expect(arrived == true)
            group.cancelAll()
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(cancelled == count)
        let closed = await onOwnThread { server.waitForClientCloses(count) }
        #expect(closed, "the server saw \(server.connectionsClosedByClient) of \(count) connections closed")
        await client.shutdown()
    }

    @Test func aTaskCancelledBeforeItsRequestGetsCancellationErrorWithoutARequest() async throws {
        let server = try ScriptedHTTPServer { _ in .respond(status: 200) }
        defer { server.stop() }
        let client = try AsyncClient(options: .roomy)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.get("\(server.baseURL)/br/br.png")
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        await client.shutdown()
        #expect(server.requestCount == 0)
    }

    @Test func shutdownFailsPendingTransfersAndLaterOnes() async throws {
        let count = 20
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let client = try AsyncClient(options: .roomy)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        _ = try await client.get("\(server.baseURL)/\(index)")
                        return "response"
                    } catch let error as TransferError {
                        return "\(error.kind)"
                    } catch {
                        return "\(error)"
                    }
                }
            }
            _ = await onOwnThread { server.waitForRequests(count) }
            await client.shutdown()
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes == Array(repeating: "cancelled", count: count))
        await #expect(throws: TransferError.self) { try await client.get("\(server.baseURL)/late") }
        await client.shutdown()  // idempotent
    }

    @Test func refusedAndTimeoutAreReportedByKind() async throws {
        let port = try closedPort()
        let client = try AsyncClient(options: ClientOptions(timeout: .milliseconds(300)))
        await #expect {
            _ = try await client.get("http://127.0.0.1:\(port)/flags/br/br.png")
        } throws: { error in
            (error as? TransferError)?.kind == .refused
        }
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        await #expect {
            _ = try await client.get("\(server.baseURL)/br/br.png")
        } throws: { error in
            (error as? TransferError)?.kind == .timeout
        }
        await client.shutdown()
    }

    @Test func theRunsSignalEndsTransfersInFlightAndRefusesNewOnes() async throws {
        let count = 20
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let signal = CancellationSignal()
        let client = try AsyncClient(options: ClientOptions(timeout: .seconds(3600)), cancellation: signal)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for index in 0..<count {
                group.addTask { await Self.outcome { try await client.get("\(server.baseURL)/\(index)") } }
            }
            let arrived = await onOwnThread { server.waitForRequests(count) }
            #expect(arrived == true)
            signal.cancel(.interrupted)  // no task is cancelled: the signal alone must do it
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes == Array(repeating: "cancelled", count: count))
        #expect(await onOwnThread { server.waitForClientCloses(count) }, "the transfers were aborted")
        #expect(await Self.outcome { try await client.get("\(server.baseURL)/late") } == "cancelled")
        await client.shutdown()
        #expect(server.requestCount == count, "nothing started after the signal")
    }

    @Test func aClientMadeAfterTheSignalFiredStartsNothing() async throws {
        let server = try ScriptedHTTPServer { _ in .respond(status: 200) }
        defer { server.stop() }
        let signal = CancellationSignal()
        signal.cancel(.deadline)
        let client = try AsyncClient(cancellation: signal)
        #expect(await Self.outcome { try await client.get("\(server.baseURL)/br/br.png") } == "cancelled")
        await client.shutdown()
        #expect(server.requestCount == 0)
    }

    /// Tasks cancelled at every point of `get` (before the ticket is installed, between install
    /// and post, while it runs): every caller is resumed once, and no transfer is left in curl.
    @Test func manyTicketsCancelledAsTheyStartAreAllResumedAndNoneLeftRunning() async throws {
        let count = 500
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let probe = try ScriptedHTTPServer { _ in .respond(status: 200) }
        defer { probe.stop() }
        // An hour: a transfer left behind would hold its connection open past the test.
        let client = try AsyncClient(options: ClientOptions(timeout: .seconds(3600)))
        // Half are cancelled as soon as they exist, the rest after all were made: each lands
        // somewhere different in `get`.
        var tasks: [Task<String, Never>] = []
        for index in 0..<count {
            let task = Task { await Self.outcome { try await client.get("\(server.baseURL)/\(index)") } }
            if index.isMultiple(of: 2) { task.cancel() }
            tasks.append(task)
        }
        for task in tasks.reversed() { task.cancel() }
        var outcomes: [String: Int] = [:]
        for task in tasks { outcomes[await task.value, default: 0] += 1 }
        #expect(outcomes == ["CancellationError": count])
        // The loop handles its inbox in order: once a later transfer completed, every cancel
        // posted before it has been carried out.
        #expect(try await client.get("\(probe.baseURL)/br/br.png").status == 200)
        let opened = server.connectionsOpened
        #expect(
            await onOwnThread { server.waitForClientCloses(opened) },
            "\(server.connectionsClosedByClient) of \(opened) connections closed")
        await client.shutdown()
    }

    @Test func aReusedConnectionResetBeforeTheAnswerIsNotResentBehindOurBack() async throws {
        let server = try ScriptedHTTPServer { request in
            request.index == 1 ? .reset : .respond(status: 200, body: [7])
        }
        defer { server.stop() }
        let client = try AsyncClient(options: .roomy)
        #expect(try await client.get("\(server.baseURL)/br/br.png").body == [7])
        #expect(
            await Self.outcome { try await client.get("\(server.baseURL)/br/br.png") } == "connection reset")
        #expect(server.requestCount == 2, "one request per attempt, none resent")
        await client.shutdown()
    }

    @Test func shutdownWithTransfersPendingAndCancelsInFlightResumesEveryCallerOnce() async throws {
        let count = 200
        let server = try ScriptedHTTPServer { _ in .stall }
        defer { server.stop() }
        let client = try AsyncClient(options: ClientOptions(timeout: .seconds(3600)))
        let outcomes = await withTaskGroup(of: String.self) { group in
            for index in 0..<count {
                group.addTask { await Self.outcome { try await client.get("\(server.baseURL)/\(index)") } }
            }
            _ = await onOwnThread { server.waitForRequests(count / 2) }
            await client.shutdown()
            group.cancelAll()  // racing the shutdown: each caller still resumes exactly once
            return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(outcomes.values.reduce(0, +) == count)
        #expect(Set(outcomes.keys).isSubset(of: ["cancelled", "CancellationError"]), "\(outcomes)")
        #expect(await onOwnThread { server.waitForClientCloses(server.connectionsOpened) })
    }

    /// What a `get` ended with: "response", a `TransferError`'s kind, or the error.
    static func outcome(_ get: () async throws -> HTTPResponse) async -> String {
        do {
            _ = try await get()
            return "response"
        } catch let error as TransferError {
            return "\(error.kind)"
        } catch is CancellationError {
            return "CancellationError"
        } catch {
            return "\(error)"
        }
    }
}
