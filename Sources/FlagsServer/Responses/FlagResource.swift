/// The two files the server holds for each country code.
public enum FlagResource: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The flag image, `{cc}.png`.
    case image
    /// The country's name and code, `metadata.json`.
    case metadata

    /// The file name of this resource for the lower-case country code `code`.
    func fileName(code: String) -> String {
        switch self {
        case .image: "\(code).png"
        case .metadata: "metadata.json"
        }
    }

    /// The `Content-Type` the server sends for this resource.
    public var contentType: String {
        switch self {
        case .image: "image/png"
        case .metadata: "application/json"
        }
    }

    public var description: String { rawValue }

    /// A small number that keeps the two resources apart in hashes and counters.
    var ordinal: Int {
        switch self {
        case .image: 0
        case .metadata: 1
        }
    }
}
