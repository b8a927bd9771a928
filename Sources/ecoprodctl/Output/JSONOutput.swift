import Foundation
import SwiftProtobuf

/// Prints a message in the proto3 JSON mapping, the format scripts get everywhere,
/// pretty-printed with sorted keys.
func printJSON(_ message: some SwiftProtobuf.Message) throws {
    let json: Data = try message.jsonUTF8Data()
    let object = try JSONSerialization.jsonObject(with: json)
    let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: pretty, as: UTF8.self))
}
