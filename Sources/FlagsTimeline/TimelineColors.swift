/// The colour of each phase, shared by the SVG and the terminal: the browser devtools' waterfall
/// (connect orange, waiting green, download blue), in the colour-blind-safe Okabe–Ito palette.
extension TimelinePhase {
    /// `#rrggbb` for SVG.
    public var svgColor: String {
        switch self {
        case .slot: "#c8c8c8"
        case .retry: "#cc79a7"
        case .retryAfter: "#882255"
        case .connect: "#e69f00"
        case .server: "#009e73"
        case .body: "#0072b2"
        case .resume: "#f0e442"
        case .cpu: "#d55e00"
        case .save: "#56b4e9"
        }
    }

    /// The 256-colour terminal code closest to `svgColor`.
    var terminalColor: Int {
        switch self {
        case .slot: 245
        case .retry: 175
        case .retryAfter: 89
        case .connect: 214
        case .server: 36
        case .body: 25
        case .resume: 185
        case .cpu: 166
        case .save: 74
        }
    }

    /// The character drawn without colour: shades tell the phases apart.
    var glyph: Character {
        switch self {
        case .slot: "·"
        case .retry, .retryAfter: "~"
        case .connect: "▒"
        case .server: "░"
        case .body: "█"
        case .resume: "╌"
        case .cpu: "▓"
        case .save: "▌"
        }
    }
}

/// The colour of failures.
let failureColor = "#c00000"
