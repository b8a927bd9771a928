import EcoprodAPI

/// Framework files: `ecoprod.label.v1.Framework` in JSON, checked by FrameworkRules.
enum FrameworkFile: DataFile {
    static let maximumSize = 4 << 20
    static let maximumCriteria = 10_000

    static func firstProblem(in framework: Ecoprod_Label_V1_Framework) -> String? {
        FrameworkRules.firstProblem(in: framework)
    }
}
