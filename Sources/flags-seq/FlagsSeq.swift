import ArgumentParser
import FlagsCLI

/// All the work is in `SequentialCommand` (FlagsCLI), where tests can reach it.
@main
struct FlagsSeq {
    static func main() {
        SequentialCommand.main()
    }
}
