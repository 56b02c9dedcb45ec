/// The country codes the clients know: the book's twenty most populous countries, the 194
/// flags the mock server holds, and every two-letter combination.
public enum CountryCodes {
    /// The twenty most populous countries, in the order Fluent Python lists them.
    public static let pop20: [String] = "CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR"
        .split(separator: " ").map(String.init)

    /// The 194 codes of `--all`: every flag the mock server's data holds.
    public static let all: [String] = """
        AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT \
        BW BY BZ CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DZ EC EE \
        EG ER ES ET FI FJ FM FR GA GB GD GE GH GM GN GQ GR GT GW GY HN HR HT HU ID \
        IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ LA LB LC LI LK \
        LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU MV MW MX MY MZ NA \
        NE NG NI NL NO NP NR NZ OM PA PE PG PH PK PL PT PW PY QA RO RS RU RW SA SB \
        SC SD SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD TG TH TJ TL TM TN TO TR \
        TT TV TW TZ UA UG US UY UZ VA VC VE VN VU WS YE ZA ZM ZW
        """
        .split(separator: " ").map(String.init)

    /// The 676 codes of `--every`: AA, AB, … ZZ. Most are not countries; the server answers 404.
    public static let every: [String] = letters.flatMap { first in letters.map { "\(first)\($0)" } }

    /// The 26 codes that start with `letter` (`"B"` → BA … BZ).
    public static func startingWith(_ letter: Character) -> [String] {
        letters.map { "\(letter)\($0)" }
    }

    static let letters: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}
