import Foundation

/// What makes a flag file: the PNG check and the file names.
enum FlagFile {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func isPNG(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: pngSignature)
    }

    /// `BR` → `BR.png`.
    static func name(forCode code: String) -> String {
        "\(code.uppercased()).png"
    }

    /// `Côte d'Ivoire` → `Côte_d_Ivoire.png`: see `FileNameSanitizer` for what is kept. The name
    /// is safe in any directory (no `/`, no NUL, no leading dot) and short enough to be saved.
    /// `nil` when nothing is left.
    static func name(forCountry country: String) -> String? {
        FileNameSanitizer.stem(country).map { "\($0).png" }
    }

    /// The name for a second code whose country name is already taken in this run:
    /// `Same_Name_US.png`.
    static func name(forCountry country: String, code: String) -> String? {
        let suffix = "_\(code.uppercased())"
        return FileNameSanitizer.stem(country, maxBytes: FileNameSanitizer.maxStemBytes - suffix.utf8.count)
            .map { "\($0)\(suffix).png" }
    }

    private struct Metadata: Decodable {
        var country: String
    }

    /// The country name in a `metadata.json` body (`{"country": "Brazil", "iso_cc": "BR"}`).
    static func countryName(inMetadata bytes: [UInt8]) -> String? {
        try? JSONDecoder().decode(Metadata.self, from: Data(bytes)).country
    }
}
