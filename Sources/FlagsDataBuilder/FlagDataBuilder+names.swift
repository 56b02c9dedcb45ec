import FlagsServer

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension FlagDataBuilder {
    /// Country names by upper-case code, from `iso-codes`' `iso_3166-1.json`: the short
    /// `common_name` where there is one ("Bolivia"), else the `name`.
    static func countryNames(_ isoCodesJSON: String) throws -> [String: String] {
        guard let json = FileManager.default.contents(atPath: isoCodesJSON) else {
            throw FlagServerError.sourceMissing(isoCodesJSON, package: "iso-codes")
        }
        let list: CountryList
        do {
            list = try JSONDecoder().decode(CountryList.self, from: json)
        } catch {
            throw FlagServerError.fileSystem(
                isoCodesJSON, "not the ISO 3166-1 list iso-codes installs (\(error))")
        }
        var names: [String: String] = [:]
        for country in list.countries {
            names[country.alpha2.uppercased()] = country.commonName ?? country.name
        }
        return names
    }

    /// The shape of `iso_3166-1.json`.
    private struct CountryList: Decodable {
        let countries: [Country]

        enum CodingKeys: String, CodingKey {
            case countries = "3166-1"
        }
    }

    /// One entry of `iso_3166-1.json`.
    private struct Country: Decodable {
        let alpha2: String
        let name: String
        let commonName: String?

        enum CodingKeys: String, CodingKey {
            case alpha2 = "alpha_2"
            case name
            case commonName = "common_name"
        }
    }
}
