import EcoprodProtocol
import Foundation
import Logging
import SwiftProtobuf

/// A data file that cannot be used, and why, naming the field.
struct DataFileError: Error, CustomStringConvertible, Sendable {
    let fileName: String
    let message: String
    var description: String { "\(fileName): \(message)" }
}

/// A kind of versioned data file the daemon loads and an administrator can replace or
/// import — label frameworks, emission factor sets: the proto3 JSON mapping of one
/// message, checked by the kind's rules so that everything downstream can trust it.
protocol DataFile {
    associatedtype Content: SwiftProtobuf.Message
    static var maximumSize: Int { get }
    /// The first rule `content` breaks, naming the field; nil when it is usable.
    static func firstProblem(in content: Content) -> String?
}

extension DataFile {
    static func decode(_ data: Data, fileName: String) throws(DataFileError) -> Content {
        guard data.count <= maximumSize else {
            throw DataFileError(fileName: fileName, message: "larger than \(maximumSize) bytes")
        }
        let content: Content
        do {
            content = try Content(jsonUTF8Data: data)
        } catch {
            throw DataFileError(fileName: fileName, message: "not the JSON of a \(Content.protoMessageName): \(error)")
        }
        if let problem = firstProblem(in: content) {
            throw DataFileError(fileName: fileName, message: problem)
        }
        return content
    }

    /// Loads `directory` at start and stores what the database does not have yet through
    /// `store` (true when it was new). A bad file, or one that differs from the stored
    /// content of its id and version, is logged and the rest still load.
    static func loadShipped(
        from directory: String, logger: Logger, store: (Content, String) async throws -> Bool
    ) async throws {
        let (files, errors) = loadDirectory(directory)
        for error in errors { logger.error("\(Content.protoMessageName) not loaded: \(error)") }
        for (content, fileName) in files {
            do {
                if try await store(content, fileName) {
                    logger.notice("\(Content.protoMessageName) imported from \(fileName)")
                }
            } catch let error as RPCError where error.code == .alreadyExists {
                logger.error("\(fileName): \(error.message); the stored version is kept")
            }
        }
    }

    /// Every `*.json` of `path` in name order; a bad file is reported and the rest still load.
    static func loadDirectory(_ path: String) -> (files: [(content: Content, fileName: String)], errors: [DataFileError]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return ([], []) }
        var files: [(content: Content, fileName: String)] = []
        var errors: [DataFileError] = []
        for name in names.filter({ $0.hasSuffix(".json") }).sorted() {
            let file = "\(path)/\(name)"
            do throws(DataFileError) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw DataFileError(fileName: file, message: "cannot be read")
                }
                files.append((try decode(data, fileName: file), file))
            } catch {
                errors.append(error)
            }
        }
        return (files, errors)
    }
}

/// Rules every kind of data file shares.
enum DataFileRules {
    /// An id as files, URLs and commands can carry it: 1 to 64 of a-z, 0-9 and -, not starting with -.
    static func isIdentifier(_ text: String) -> Bool {
        guard let head = text.utf8.first, text.utf8.count <= 64 else { return false }
        let lowerOrDigit = { (byte: UInt8) in (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        return lowerOrDigit(head) && text.utf8.allSatisfy { lowerOrDigit($0) || $0 == UInt8(ascii: "-") }
    }
}
