/// Turns command-line arguments into the sorted list of codes to download: the clients' and
/// the bench's one way to read them.
public struct CodeSelection: Sendable, Equatable {
    /// Upper-case codes, sorted, without duplicates.
    public let codes: [String]
    /// How the codes were chosen, for a report: `POP20`, `--all`, `--every` or the arguments
    /// (`B IN`), followed by ` -l N` when the limit shortened the list.
    public let label: String

    /// Expands the arguments; see ``expand(_:all:every:limit:)``.
    public init(
        _ arguments: [String],
        all: Bool = false,
        every: Bool = false,
        limit: Int? = nil
    ) throws(UsageError) {
        codes = try Self.expand(arguments, all: all, every: every, limit: limit)
        var label: String
        if every {
            label = "--every"
        } else if all {
            label = "--all"
        } else if arguments.isEmpty {
            label = "POP20"
        } else {
            label = arguments.map { $0.uppercased() }.joined(separator: " ")
        }
        if let limit, try limit < Self.expand(arguments, all: all, every: every).count {
            label += " -l \(limit)"
        }
        self.label = label
    }

    /// The client arguments that make this selection: the user's own, unchanged.
    public static func clientArguments(_ arguments: [String], all: Bool, every: Bool, limit: Int?) -> [String]
    {
        var result = arguments
        if all { result.append("--all") }
        if every { result.append("--every") }
        if let limit { result += ["--limit", String(limit)] }
        return result
    }

    /// Expands the arguments as Fluent Python's `flags2_common.expand_cc_args` does.
    ///
    /// - Parameters:
    ///   - arguments: two-letter codes, or single letters meaning their 26 codes; any case.
    ///   - all: the 194 codes of `CountryCodes.all`.
    ///   - every: the 676 codes AA...ZZ.
    ///   - limit: keep at most this many codes, from the start of the sorted list.
    /// - Returns: upper-case codes, sorted, without duplicates; POP20 when nothing was asked for.
    /// - Throws: `UsageError` naming the first bad argument, or a bad combination.
    public static func expand(
        _ arguments: [String],
        all: Bool = false,
        every: Bool = false,
        limit: Int? = nil
    ) throws(UsageError) -> [String] {
        if let limit, limit < 1 {
            throw UsageError("--limit must be at least 1 (got \(limit))")
        }
        if all && every {
            throw UsageError("--all and --every cannot be combined: --every already includes --all")
        }
        if (all || every) && !arguments.isEmpty {
            let flag = every ? "--every" : "--all"
            throw UsageError(
                "give country codes or \(flag), not both (got \(arguments.joined(separator: " ")))")
        }
        var codes: Set<String>
        if every {
            codes = Set(CountryCodes.every)
        } else if all {
            codes = Set(CountryCodes.all)
        } else if arguments.isEmpty {
            codes = Set(CountryCodes.pop20)
        } else {
            codes = []
            for argument in arguments {
                let upper = argument.uppercased()
                guard (1...2).contains(upper.count), upper.allSatisfy(CountryCodes.letters.contains) else {
                    throw UsageError(
                        "'\(argument)' is not a country code: each argument must be a letter A to Z (its 26 codes) or a code AA to ZZ"
                    )
                }
                if upper.count == 1, let letter = upper.first {
                    codes.formUnion(CountryCodes.startingWith(letter))
                } else {
                    codes.insert(upper)
                }
            }
        }
        let sorted = codes.sorted()
        guard let limit else { return sorted }
        return Array(sorted.prefix(limit))
    }
}
