import Foundation
import Testing

@testable import FlagsBench

@Suite struct OutputAgreementTests {
    @Test(arguments: [false, true])
    func tableCSVAndJSONShowTheSameNumbers(debug: Bool) {
        var rows = Fixtures.sweepRows()
        if debug {
            rows = rows.map {
                var row = $0
                row.debugBuild = true
                return row
            }
        }
        let report = Fixtures.report(rows: rows, debug: debug)
        let table = TableRenderer.render(report)
        #expect(OutputComparison.disagreements(table: table, csv: report.csv, json: report.json) == [])
        #expect(OutputComparison.tableRows(table).count == rows.count)
        #expect(table.contains("DEBUG build") == debug)
    }

    @Test func theComparisonCatchesAChangedValue() {
        let report = Fixtures.report(rows: Fixtures.sweepRows())
        let table = TableRenderer.render(report)
        // The sequential median is 97.2 s: change it in one output at a time.
        #expect(
            !OutputComparison.disagreements(
                table: table, csv: report.csv.replacingOccurrences(of: ",97.2,", with: ",97.3,"),
                json: report.json
            ).isEmpty)
        #expect(
            !OutputComparison.disagreements(
                table: table.replacingOccurrences(of: "97.200", with: "97.300"), csv: report.csv,
                json: report.json
            ).isEmpty)
        #expect(!OutputComparison.disagreements(table: table, csv: report.csv, json: "{}").isEmpty)
    }

    @Test func unknownValuesAreADashInTheTableEmptyInCSVAndNullInJSON() {
        let row = Fixtures.row(.curl, concurrency: 20, medians: [0.5], delay: nil)
        let report = Fixtures.report(rows: [row])
        let cells = TableRenderer.cells(for: row)
        #expect(cells[1] == "–")  // delay
        #expect(cells[9] == "–")  // ideal
        #expect(cells[10] == "–")  // efficiency
        #expect(report.csv.contains("curl,,20,"))
        #expect(report.json.contains(#""delay_s": null"#))
        #expect(
            OutputComparison.disagreements(
                table: TableRenderer.render(report), csv: report.csv, json: report.json) == [])
    }

    @Test func theTableNamesTheMachineAndExplainsItsColumns() {
        let table = TableRenderer.render(Fixtures.report(rows: Fixtures.sweepRows()))
        #expect(table.contains("machine: test & <host> · 2 cores · Test CPU · Linux 6.1"))
        #expect(table.contains("ideal = ceil(codes ÷ conc) × delay"))
        #expect(table.contains("194 flags"))
    }
}
