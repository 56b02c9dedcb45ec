import ArgumentParser
import FlagsCLI

/// All the work is in `AsyncCommand` (FlagsCLI), where tests can reach it.
@main
struct FlagsAsync {
    static func main() async {
        await AsyncCommand.main()
    }
}
