import Foundation
import Testing

/// The single JSON object a command printed with --output json, after checking it succeeded.
func outputObject(_ result: CommandResult) throws -> [String: Any] {
    #expect(result.status == 0, "\(result.standardError)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
}

/// The objects a streaming command printed with --output json, one a line.
func outputLines(_ result: CommandResult) throws -> [[String: Any]] {
    #expect(result.status == 0, "\(result.standardError)")
    return try result.standardOutput.split(separator: "\n").map {
        try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
}
