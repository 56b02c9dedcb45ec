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
    /// Every `<text>` element with where it is drawn.
    private(set) var labels: [Label] = []
    /// The circles' centres, by series.
    private(set) var points: [(series: String, x: Double, y: Double)] = []
    private var fontSizes: [Double] = [13]
    private var groupClasses: [String] = []
    private var pendingLabel: Label?

    /// One `<text>`: its baseline position, anchor, font size (inherited from its groups), the
    /// class of the group it is in, and whether it is rotated.
    struct Label {
        var text = ""
        var x = 0.0
        var y = 0.0
        var anchor = "start"
        var size = 13.0
        var group = ""
        var rotated = false

        /// An estimate of the box the glyphs take: 0.6 × size per character (Helvetica's
        /// average is about 0.55), from 0.75 × size above the baseline to 0.2 × size below.
        var box: (left: Double, top: Double, right: Double, bottom: Double) {
            let width = Double(text.count) * size * 0.6
            let left = anchor == "middle" ? x - width / 2 : anchor == "end" ? x - width : x
            if rotated {  // rotate(-90) about (x, y): the text runs upwards, centred on y
                return (x - size * 0.75, y - width / 2, x + size * 0.2, y + width / 2)
            }
            return (left, y - size * 0.75, left + width, y + size * 0.2)
        }

        func overlaps(_ other: Label) -> Bool {
            let (a, b) = (box, other.box)
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
        }
    }
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
        fontSizes.append(attributes["font-size"].flatMap(Double.init) ?? fontSizes.last ?? 13)
        groupClasses.append(
            name == "g" ? attributes["class"] ?? groupClasses.last ?? "" : groupClasses.last ?? "")
        if name == "text" {
            pendingLabel = Label(
                x: attributes["x"].flatMap(Double.init) ?? 0, y: attributes["y"].flatMap(Double.init) ?? 0,
                anchor: attributes["text-anchor"] ?? "start", size: fontSizes.last ?? 13,
                group: groupClasses.last ?? "", rotated: attributes["transform"]?.hasPrefix("rotate") ?? false
            )
        }
        if name == "circle", let currentSeries {
            points.append(
                (
                    currentSeries, attributes["cx"].flatMap(Double.init) ?? 0,
                    attributes["cy"].flatMap(Double.init) ?? 0
                ))
        }
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
            if var label = pendingLabel {
                label.text = text
                labels.append(label)
                pendingLabel = nil
            }
        }
        fontSizes.removeLast()
        groupClasses.removeLast()
        if currentSeries != nil {
            if depthInSeries == 0 { currentSeries = nil } else { depthInSeries -= 1 }
        }
    }
}
