import EcoprodAPI
import Foundation
import SwiftProtobuf

/// A framework file that cannot be used, and why, naming the field.
struct FrameworkFileError: Error, CustomStringConvertible, Sendable {
    let fileName: String
    let message: String
    var description: String { "\(fileName): \(message)" }
}

/// Framework files: the proto3 JSON mapping of `ecoprod.label.v1.Framework`, checked so
/// that everything downstream (assessment rows, scoring, plans) can trust them.
enum FrameworkFile {
    static let maximumSize = 4 << 20
    static let maximumCriteria = 10_000

    static func decode(_ data: Data, fileName: String) throws(FrameworkFileError) -> Ecoprod_Label_V1_Framework {
        guard data.count <= maximumSize else {
            throw FrameworkFileError(fileName: fileName, message: "larger than \(maximumSize) bytes")
        }
        let framework: Ecoprod_Label_V1_Framework
        do {
            framework = try Ecoprod_Label_V1_Framework(jsonUTF8Data: data)
        } catch {
            throw FrameworkFileError(fileName: fileName, message: "not a framework in JSON: \(error)")
        }
        if let problem = FrameworkRules.firstProblem(in: framework) {
            throw FrameworkFileError(fileName: fileName, message: problem)
        }
        return framework
    }

    /// Every `*.json` of `path` in name order; a bad file is reported and the rest still load.
    static func loadDirectory(_ path: String) -> (frameworks: [(framework: Ecoprod_Label_V1_Framework, fileName: String)], errors: [FrameworkFileError]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return ([], []) }
        var frameworks: [(framework: Ecoprod_Label_V1_Framework, fileName: String)] = []
        var errors: [FrameworkFileError] = []
        for name in names.filter({ $0.hasSuffix(".json") }).sorted() {
            let file = "\(path)/\(name)"
            do throws(FrameworkFileError) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw FrameworkFileError(fileName: file, message: "cannot be read")
                }
                frameworks.append((try decode(data, fileName: file), file))
            } catch {
                errors.append(error)
            }
        }
        return (frameworks, errors)
    }
}
