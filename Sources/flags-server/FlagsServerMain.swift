import ArgumentParser
import FlagsServerCLI

/// `flags-server`: all the work is in ``FlagsServerCommand``.
@main
struct FlagsServerMain {
    static func main() async {
        await FlagsServerCommand.main()
    }
}
