import Foundation

/// The fields of a client's `--json` object that the bench reads.
struct ClientSummary: Decodable, Sendable {
    var requested: Int
    var ok: Int
    var notFound: Int
    var errors: Int
    var cancelled: Int
    /// The client's own clock, around the strategy only (not process start-up).
    var elapsedS: Double
    /// Transfers in flight at once, counted by the client around its calls to libcurl.
    var maxInFlight: Int
    /// The concurrency the strategy delivered (it may be less than asked: fewer codes, or a
    /// thread limit).
    var concurrency: Int
    var strategy: String
    var balanced: Bool

    /// Decodes a client's stdout.
    ///
    /// - Returns: `nil` when it is not the client's JSON object.
    static func parse(_ text: String) -> ClientSummary? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(ClientSummary.self, from: Data(text.utf8))
    }
}
