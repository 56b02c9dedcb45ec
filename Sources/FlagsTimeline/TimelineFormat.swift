/// What `--timeline` writes, chosen by the file's extension; `-` prints the text waterfall.
public enum TimelineFormat: String, Sendable, Hashable, CaseIterable {
    case svg, json, csv
    /// The text waterfall on stdout, after the report.
    case text = "-"

    /// The format `path` asks for, or `nil` for an extension we do not write.
    public init?(path: String) {
        if path == "-" {
            self = .text
            return
        }
        let lower = path.lowercased()
        guard let format = [Self.svg, .json, .csv].first(where: { lower.hasSuffix(".\($0.rawValue)") }) else {
            return nil
        }
        self = format
    }

    /// The file's contents (not for `.text`, which depends on the terminal).
    public func render(_ timeline: Timeline) -> String {
        switch self {
        case .svg: TimelineSVG.render(timeline)
        case .json: TraceEvents.render(timeline)
        case .csv: TimelineCSV.render(timeline)
        case .text: TextWaterfall.render(timeline, width: 100, color: false).joined(separator: "\n") + "\n"
        }
    }
}
