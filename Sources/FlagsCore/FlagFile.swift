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

    /// `Côte d'Ivoire` → `Côte_d_Ivoire.png`: letters and digits kept, runs of anything else
    /// become one `_`, so the name is safe in any directory. `nil` when nothing is left.
    static func name(forCountry country: String) -> String? {
        var name = ""
        for character in country {
            if character.isLetter || character.isNumber || character == "-" {
                name.append(character)
            } else if !name.isEmpty && name.last != "_" {
                name.append("_")
            }
        }
        while name.hasSuffix("_") { name.removeLast() }
        return name.isEmpty ? nil : "\(name).png"
    }

    private struct Metadata: Decodable {
        var country: String
    }

    /// The country name in a `metadata.json` body (`{"country": "Brazil", "iso_cc": "BR"}`).
    static func countryName(inMetadata bytes: [UInt8]) -> String? {
        try? JSONDecoder().decode(Metadata.self, from: Data(bytes)).country
    }
}
