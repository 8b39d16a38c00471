import ArgumentParser
import FolioServer

/// `folio-server token create --role editor|reader`.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage bearer tokens (only their SHA-256 is stored).", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new token; it is shown only once.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "editor (publish, moderate) or reader (sync only).")
        var role: TokenRole

        @Option(help: "A label for operators.")
        var label = ""

        func run() async throws {
            print(try await database.service().createToken(role: role, label: label))
        }
    }
}

extension TokenRole: ExpressibleByArgument {}
extension ModerationStatus: ExpressibleByArgument {}
