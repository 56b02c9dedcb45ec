import ArgumentParser
import FlagsCLI

/// All the work is in `PoolCommand` (FlagsCLI), where tests can reach it.
@main
struct FlagsPool {
    static func main() {
        PoolCommand.main()
    }
}
