import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What an SVG document holds, read with a real XML parser: the document must be well-formed.
final class SVGOutline: NSObject, XMLParserDelegate {
    /// The `data-strategy` of each `<g class="series">`, in order.
    private(set) var series: [String] = []
    /// How many `<circle>` markers each series holds.
    private(set) var markers: [String: Int] = [:]
    /// The `<g class="ideal">` groups.
    private(set) var idealCurves = 0
    /// The text of every `<text>` element.
    private(set) var texts: [String] = []
    private(set) var root: String?
    private var currentSeries: String?
    private var depthInSeries = 0
    private var text: String?

    /// Parses `svg`; `nil` when it is not well-formed XML.
    static func parse(_ svg: String) -> SVGOutline? {
        let outline = SVGOutline()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = outline
        return parser.parse() ? outline : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if root == nil { root = name }
        if currentSeries != nil { depthInSeries += 1 }
        if name == "g", attributes["class"] == "series" {
            let strategy = attributes["data-strategy"] ?? "?"
            series.append(strategy)
            currentSeries = strategy
            depthInSeries = 0
        }
        if name == "g", attributes["class"] == "ideal" { idealCurves += 1 }
        if name == "circle", let currentSeries { markers[currentSeries, default: 0] += 1 }
        if name == "text" { text = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text? += string
    }

    func parser(
        _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
    ) {
        if name == "text", let text {
            texts.append(text)
            self.text = nil
        }
        if currentSeries != nil {
            if depthInSeries == 0 { currentSeries = nil } else { depthInSeries -= 1 }
        }
    }
}
