/// What happened to a server's connections since it started or since its stats were last reset.
public struct ConnectionStats: Sendable, Equatable, Codable {
    /// Connections open now.
    public var open: Int
    /// The most connections open at once.
    public var maxOpen: Int
    /// Connections accepted.
    public var accepted: Int
    /// Connections closed because they stayed idle longer than the idle timeout.
    public var cutIdle: Int
    /// Connections closed because a request did not arrive whole within the header timeout.
    public var cutHeader: Int
    /// Requests answered `431` because their head was longer than the limit.
    public var headersTooLarge: Int

    /// All zeros.
    public init(
        open: Int = 0, maxOpen: Int = 0, accepted: Int = 0, cutIdle: Int = 0, cutHeader: Int = 0,
        headersTooLarge: Int = 0
    ) {
        self.open = open
        self.maxOpen = maxOpen
        self.accepted = accepted
        self.cutIdle = cutIdle
        self.cutHeader = cutHeader
        self.headersTooLarge = headersTooLarge
    }

    enum CodingKeys: String, CodingKey {
        case open, accepted
        case maxOpen = "max_open"
        case cutIdle = "cut_idle"
        case cutHeader = "cut_header"
        case headersTooLarge = "headers_too_large"
    }
}
