// Shim for the `profile` fuzz target: `ServerProfile.json` calls `LabControl.json(_:)`, and the
// real LabControl.swift needs Hummingbird. This is the same encoder set-up, without the rest.
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

enum LabControl {
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
