import ArgumentParser

/// The country codes a bench downloads, expanded from the same arguments the clients take.
///
/// The bench needs the list itself for the `curl` row (one URL per code) and for the ideal
/// time; it passes the user's arguments to the clients unchanged and checks that they asked
/// the server for as many codes as this list holds.
struct CodeList: Sendable, Equatable {
    /// Upper-case codes, sorted, without repeats.
    let codes: [String]
    /// How the list was chosen, for the report: `POP20`, `--all`, `--every`, `BR IN`…
    let selection: String

    /// The twenty most populous countries, as Fluent Python lists them (the clients' default).
    static let pop20 = "CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR"
        .split(separator: " ").map(String.init)

    /// Expands the arguments as the clients do.
    ///
    /// - Parameters:
    ///   - arguments: codes, or single letters meaning their 26 codes.
    ///   - all: every flag the server holds (`allCodes`).
    ///   - every: AA…ZZ.
    ///   - limit: keep the first N codes of the sorted list.
    ///   - allCodes: the codes of `--all`, read only when asked for.
    /// - Throws: `ValidationError` naming the bad argument or combination.
    init(
        _ arguments: [String], all: Bool, every: Bool, limit: Int?, allCodes: () throws -> [String]
    ) throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
        if all && every {
            throw ValidationError("--all and --every cannot be combined: --every includes --all")
        }
        if (all || every) && !arguments.isEmpty {
            throw ValidationError("give country codes or \(every ? "--every" : "--all"), not both")
        }
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var set: Set<String> = []
        var selection: String
        if every {
            set = Set(letters.flatMap { first in letters.map { "\(first)\($0)" } })
            selection = "--every"
        } else if all {
            set = Set(try allCodes().map { $0.uppercased() })
            selection = "--all"
        } else if arguments.isEmpty {
            set = Set(Self.pop20)
            selection = "POP20"
        } else {
            for argument in arguments {
                let upper = argument.uppercased()
                guard (1...2).contains(upper.count), upper.allSatisfy(letters.contains) else {
                    throw ValidationError(
                        "'\(argument)' is not a country code: give a letter A to Z (its 26 codes) or a code AA to ZZ"
                    )
                }
                if upper.count == 1, let letter = upper.first {
                    set.formUnion(letters.map { "\(letter)\($0)" })
                } else {
                    set.insert(upper)
                }
            }
            selection = arguments.map { $0.uppercased() }.joined(separator: " ")
        }
        var codes = set.sorted()
        if let limit, limit < codes.count {
            codes = Array(codes.prefix(limit))
            selection += " -l \(limit)"
        }
        self.codes = codes
        self.selection = selection
    }

    /// The client arguments that select these codes: the user's own, unchanged.
    static func clientArguments(_ arguments: [String], all: Bool, every: Bool, limit: Int?) -> [String] {
        var result = arguments
        if all { result.append("--all") }
        if every { result.append("--every") }
        if let limit { result += ["--limit", String(limit)] }
        return result
    }
}
