import Testing

@testable import FlagsBench

/// The table fits 100 columns by default and keeps its essential columns at 80; `--wide` shows
/// every column.
@Suite struct TableWidthTests {
    /// A long sweep: 3-digit concurrencies and a 100-second sequential row, the widest cells a
    /// talk's table has; and the widest a bench allows: 676 codes, m = 1000, a 338 s row.
    static let reports = [
        Fixtures.report(rows: Fixtures.sweepRows()),
        Fixtures.report(rows: Fixtures.sweep(codes: 676, concurrencies: [1, 10, 100, 1000], delays: [0.5])),
    ]

    @Test(arguments: reports.indices)
    func theDefaultTableFits100Columns(index: Int) {
        let text = TableRenderer.render(Self.reports[index])
        let long = text.split(separator: "\n").filter { $0.count > 100 }
        #expect(long.isEmpty, "\(long)")
        #expect(
            OutputComparison.headings(text) == [
                "strategy", "delay", "conc", "got", "median", "min", "max", "speedup", "ideal", "eff",
                "flight",
                "CPU/wall",
            ])
    }

    @Test(arguments: reports.indices)
    func at80ColumnsTheEssentialColumnsStayAndTheOthersAreNamed(index: Int) {
        let report = Self.reports[index]
        let text = TableRenderer.render(report, width: 80)
        let long = text.split(separator: "\n").filter { $0.count > 80 }
        #expect(long.isEmpty, "\(long)")
        let headings = OutputComparison.headings(text)
        for essential in ["strategy", "conc", "median", "speedup", "eff"] {
            #expect(headings.contains(essential), "\(headings)")
        }
        let defaults = TableRenderer.columns.filter(\.inDefault).map(\.heading)
        let leftOut = defaults.filter { !headings.contains($0) }
        #expect(!leftOut.isEmpty)
        #expect(
            text.contains(
                "Left out to fit 80 columns: \(leftOut.joined(separator: ", ")); --wide shows all 16."))
        #expect(OutputComparison.disagreements(table: text, csv: report.csv, json: report.json) == [])
    }

    @Test func wideShowsEveryColumnWhateverTheWidth() {
        let report = Self.reports[0]
        for width in [nil, 80] as [Int?] {
            let text = TableRenderer.render(report, wide: true, width: width)
            #expect(OutputComparison.headings(text) == OutputComparison.allHeadings)
            #expect(!text.contains("Left out"))
            #expect(OutputComparison.disagreements(table: text, csv: report.csv, json: report.json) == [])
        }
    }

    @Test func theLegendExplainsOnlyTheColumnsShown() {
        let report = Self.reports[0]
        #expect(!TableRenderer.render(report).contains("RSS MB ="))
        #expect(TableRenderer.render(report, wide: true).contains("RSS MB ="))
        #expect(TableRenderer.render(report).contains("CPU/wall ="))
    }

    @Test(arguments: [(1, "1 flag ("), (2, "2 flags (")])
    func oneFlagIsSingular(codes: Int, expected: String) {
        let rows = Fixtures.sweep(codes: codes, concurrencies: [2], delays: [0.5])
        let text = TableRenderer.render(Fixtures.report(rows: rows))
        #expect(text.contains("flags-bench: \(expected)"), "\(text)")
        #expect(SVGChart.render(Fixtures.report(rows: rows)).contains(expected.dropLast(2) + ","))
    }

    @Test(arguments: [
        (["COLUMNS": "80"], 80 as Int?),
        (["COLUMNS": " 132 "], 132),
        (["COLUMNS": "-5"], nil),
        (["COLUMNS": "wide"], nil),
    ])
    func columnsFromTheEnvironmentAreBounded(environment: [String: String], expected: Int?) {
        // No terminal is asked: without a valid COLUMNS the width is unknown.
        #expect(TerminalWidth.current(environment: environment, descriptor: nil) == expected)
    }
}
