import FlagsCore
import FlagsShared
import Foundation
import Testing

@testable import FlagsCLI

@Suite struct ReportTests {
    private func summary(
        ok: Int = 0,
        notFound: Int = 0,
        failures: [FailureKind] = [],
        cancelled: Int = 0,
        requested: Int? = nil,
        stop: CancellationSignal.Reason? = nil
    ) -> RunSummary {
        var tally = Tally(requested: requested ?? ok + notFound + failures.count + cancelled)
        var index = 0
        func record(_ outcome: Outcome) {
            tally.record(
                FlagResult(code: "C\(index)", outcome: outcome, attempts: 1, url: "http://x/c\(index)"))
            index += 1
        }
        for _ in 0..<ok { record(.ok) }
        for _ in 0..<notFound { record(.notFound) }
        for kind in failures { record(.failed(Failure(kind, "why"))) }
        for _ in 0..<cancelled { record(.cancelled) }
        return RunSummary(
            strategy: "pool",
            serverLabel: "DELAY",
            serverURL: "http://127.0.0.1:8001/flags",
            concurrency: 20,
            tally: tally,
            elapsed: .milliseconds(1234),
            maxInFlight: 17,
            stopReason: stop
        )
    }

    @Test func headerListsUpToTenCodesAndARangeBeyond() {
        let few = Report.header(
            serverLabel: "LOCAL",
            serverURL: "http://127.0.0.1:8000/flags",
            serverNote: nil,
            codes: ["BR", "IN"],
            concurrency: 1
        )
        #expect(
            few == [
                "LOCAL site: http://127.0.0.1:8000/flags", "Searching for 2 flags: BR, IN",
                "1 connection will be used.",
            ])
        let many = Report.header(
            serverLabel: "DELAY",
            serverURL: "http://h/flags",
            serverNote: "embedded server",
            codes: CountryCodes.all,
            concurrency: 50
        )
        #expect(
            many == [
                "DELAY site: http://h/flags (embedded server)", "Searching for 194 flags: from AD to ZW",
                "50 concurrent connections will be used.",
            ])
        let one = Report.header(
            serverLabel: "URL", serverURL: "u", serverNote: nil, codes: ["BR"], concurrency: 1)
        #expect(one[1] == "Searching for 1 flag: BR")
    }

    @Test func footerOmitsZeroLinesLikeTheBook() {
        #expect(
            Report.footer(summary(ok: 20), verbose: false) == [
                "--------------------", " 20 flags downloaded.", "Elapsed time: 1.23s",
            ])
        #expect(
            Report.footer(summary(ok: 194, notFound: 482), verbose: false) == [
                "--------------------", "194 flags downloaded.", "482 not found.", "Elapsed time: 1.23s",
            ])
        #expect(
            Report.footer(summary(ok: 1, failures: [.timeout]), verbose: false) == [
                "--------------------", "  1 flag downloaded.", "  1 error.", "Elapsed time: 1.23s",
            ])
    }

    @Test func verboseFooterCountsErrorsByKindAndShowsMaxInFlight() {
        let lines = Report.footer(
            summary(failures: [.httpStatus(418), .timeout, .httpStatus(418)]), verbose: true)
        #expect(lines.contains("  3 errors."))
        #expect(lines.contains("      2 HTTP 418"))
        #expect(lines.contains("      1 timeout"))
        #expect(lines.contains("Max in flight: 17"))
    }

    @Test func stoppedRunsSayWhyAndCountTheCancelled() {
        let lines = Report.footer(summary(ok: 3, cancelled: 17, stop: .interrupted), verbose: false)
        #expect(lines.contains(" 17 cancelled."))
        #expect(lines.contains { $0.hasPrefix("Interrupted") })
    }

    @Test func anUnbalancedTallyIsReportedLoudly() {
        let lines = Report.footer(summary(ok: 3, requested: 4), verbose: false)
        #expect(lines.contains { $0.contains("ACCOUNTING ERROR") && $0.contains("3 results for 4 codes") })
        #expect(summary(ok: 3, requested: 4).exitCode == 1)
    }

    @Test func jsonCarriesTheDocumentedFields() throws {
        let text = Report.json(summary(ok: 2, notFound: 1, failures: [.httpStatus(418)], cancelled: 1))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["requested"] as? Int == 5)
        #expect(object["ok"] as? Int == 2)
        #expect(object["not_found"] as? Int == 1)
        #expect(object["errors"] as? Int == 1)
        #expect(object["cancelled"] as? Int == 1)
        #expect(object["elapsed_s"] as? Double == 1.234)
        #expect(object["max_in_flight"] as? Int == 17)
        #expect(object["server"] as? String == "http://127.0.0.1:8001/flags")
        #expect(object["error_kinds"] as? [String: Int] == ["http_418": 1])
        let failures = try #require(object["failures"] as? [[String: String]])
        #expect(failures == [["code": "C3", "kind": "http_418", "reason": "why"]])
        #expect(object["balanced"] as? Bool == true)
        #expect(!text.contains("\n"))
    }

    /// The exact bytes of the `--json` line: the schema the bench and scripts read, pinned.
    @Test func jsonLineIsExactlyTheDocumentedBytes() {
        let text = Report.json(summary(ok: 2, notFound: 1, failures: [.httpStatus(418)], cancelled: 1))
        #expect(
            text
                == #"{"attempts":5,"balanced":true,"cancelled":1,"concurrency":20,"elapsed_s":1.234,"#
                + #""error_kinds":{"http_418":1},"errors":1,"failures":[{"code":"C3","kind":"http_418","#
                + #""reason":"why"}],"max_in_flight":17,"not_found":1,"ok":2,"requested":5,"#
                + #""server":"http://127.0.0.1:8001/flags","server_label":"DELAY","strategy":"pool"}"#)
        let error = Report.jsonError("cannot connect", strategy: "seq", requested: 2, server: nil)
        #expect(
            error
                == #"{"attempts":0,"cancelled":0,"error":"cannot connect","errors":0,"not_found":0,"ok":0,"#
                + #""requested":2,"strategy":"seq"}"#)
    }

    /// What the bench reads back is what the client wrote: one type both ways.
    @Test func jsonLineDecodesAsTheClientReportTheBenchReads() throws {
        let text = Report.json(summary(ok: 2, notFound: 1, failures: [.httpStatus(418)], cancelled: 1))
        let report = try #require(ClientReport.parse(text))
        #expect(report.requested == 5 && report.ok == 2 && report.notFound == 1 && report.errors == 1)
        #expect(report.elapsedS == 1.234)
        #expect(report.maxInFlight == 17 && report.concurrency == 20)
        #expect(report.failures == [ClientReport.Failure(code: "C3", kind: "http_418", reason: "why")])
        #expect(report.error == nil)
        #expect(report.line == text)
        let failed = try #require(
            ClientReport.parse(
                Report.jsonError("down", strategy: "async", requested: 3, server: "http://h/flags")))
        #expect(failed.error == "down" && failed.requested == 3 && failed.elapsedS == nil)
    }

    @Test(arguments: [
        (Outcome.ok, "BR OK"),
        (.notFound, "BR not found: http://h/flags/br/br.png"),
        (.failed(Failure(.httpStatus(418), "I'm a teapot")), "BR error: HTTP 418: I'm a teapot"),
        (.cancelled, "BR cancelled"),
    ])
    func verboseLinePerCode(outcome: Outcome, line: String) {
        #expect(
            Report.line(
                for: FlagResult(code: "BR", outcome: outcome, attempts: 1, url: "http://h/flags/br/br.png"))
                == line)
    }

    @Test func exitCodesFollowTheDocumentedTable() {
        #expect(summary(ok: 3, notFound: 2).exitCode == 0)
        #expect(summary(notFound: 2).exitCode == 0)
        #expect(summary(ok: 3, failures: [.reset]).exitCode == 1)
        #expect(summary(ok: 3, cancelled: 2, stop: .interrupted).exitCode == 130)
        #expect(summary(ok: 3, cancelled: 2, stop: .deadline).exitCode == 124)
    }

    @Test func progressLineShowsCountPercentRateAndElapsed() {
        let line = ProgressLine.render(done: 37, total: 194, elapsed: .seconds(2), color: false)
        #expect(line.hasPrefix(" 37/194  19% ▕"))
        #expect(line.hasSuffix("▏ 18.5/s 2.0s"))
        #expect(!line.contains("\u{1B}"))
        #expect(
            ProgressLine.render(done: 1, total: 2, elapsed: .seconds(1), color: true).contains("\u{1B}[36m"))
    }
}

@Suite struct AttemptsLineTests {
    @Test func requestsBeyondOnePerCodeAreCounted() {
        var tally = Tally(requested: 2)
        tally.record(FlagResult(code: "BR", outcome: .ok, attempts: 3, url: "u"))
        tally.record(FlagResult(code: "IN", outcome: .ok, attempts: 1, url: "u"))
        let summary = RunSummary(
            strategy: "seq",
            serverLabel: "LOCAL",
            serverURL: "u",
            concurrency: 1,
            tally: tally,
            elapsed: .seconds(1),
            maxInFlight: 1,
            stopReason: nil
        )
        #expect(
            Report.footer(summary, verbose: false).contains(
                "  4 requests made (retries, redirects and metadata included)."))
        var plain = Tally(requested: 2)
        plain.record(FlagResult(code: "BR", outcome: .ok, attempts: 1, url: "u"))
        plain.record(FlagResult(code: "IN", outcome: .cancelled, attempts: 1, url: "u"))
        var quiet = summary
        quiet.tally = plain
        #expect(!Report.footer(quiet, verbose: false).contains { $0.contains("requests made") })
    }
}
