// Fuzz target `codes`: the country-code arguments of flags-seq, flags-pool and flags-async.
//
// Entry point: `CodeSelection.expand(_:all:every:limit:)`. The input is text, split on spaces,
// tabs and newlines into words; the words `--all` and `--every` set those flags, `--limit=N`
// sets the limit (any integer text; one that is no Int is passed on as an argument), every
// other word is a code argument as the user typed it.
// Invariants (ids for FUZZ_IGNORE):
//   codes.format    every code is two ASCII letters A...Z
//   codes.sorted    the codes are sorted and unique
//   codes.known     every code is one of CountryCodes.every; with --all, of CountryCodes.all
//   codes.limit     at most `limit` codes, and at least one
//   codes.complete  without --limit, every two-letter argument (upper-cased) is in the result,
//                   and a one-letter argument brings its 26 codes
//   codes.message   a refusal has a message
// A trap anywhere is a failure too.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCodeSelection(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = fuzzText(fuzzBytes(data, size))
    var arguments: [String] = []
    var all = false
    var every = false
    var limit: Int?
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
        if word == "--all" {
            all = true
        } else if word == "--every" {
            every = true
        } else if word.hasPrefix("--limit="), let value = Int(word.dropFirst("--limit=".count)) {
            limit = value
        } else {
            arguments.append(String(word))
        }
    }
    let codes: [String]
    do {
        codes = try CodeSelection.expand(arguments, all: all, every: every, limit: limit)
    } catch {
        Invariant.check("codes.message", !error.message.isEmpty, "an empty refusal for \(quoted(text))")
        return 0
    }
    let asked = "\(arguments) all: \(all) every: \(every) limit: \(String(describing: limit))"
    for code in codes {
        Invariant.check(
            "codes.format", code.utf8.count == 2 && code.utf8.allSatisfy { (0x41...0x5A).contains($0) },
            "\(quoted(code)) for \(asked)")
    }
    Invariant.check(
        "codes.sorted", zip(codes, codes.dropFirst()).allSatisfy { $0 < $1 }, "\(codes) for \(asked)")
    let known = Set(all ? CountryCodes.all : CountryCodes.every)
    Invariant.check(
        "codes.known", codes.allSatisfy(known.contains),
        "\(codes.filter { !known.contains($0) }) for \(asked)")
    Invariant.check(
        "codes.limit", !codes.isEmpty && codes.count <= (limit ?? Int.max),
        "\(codes.count) codes for \(asked)")
    if limit == nil {
        let result = Set(codes)
        for argument in arguments {
            let upper = argument.uppercased()
            let expected = upper.count == 1 ? CountryCodes.every.filter { $0.hasPrefix(upper) } : [upper]
            Invariant.check(
                "codes.complete", expected.allSatisfy(result.contains),
                "\(quoted(argument)) is missing from \(codes)")
        }
    }
    return 0
}
