import EcoprodAPI

/// Taxonomy files: `ecoprod.directory.v1.Taxonomy` in JSON, the categories organisations
/// are filed under. Ids are stable identifiers, every category is named in French or
/// English, and a draft says what is not official.
enum TaxonomyFile: DataFile {
    static let maximumSize = 1 << 20

    static func firstProblem(in taxonomy: Ecoprod_Directory_V1_Taxonomy) -> String? {
        guard DataFileRules.isIdentifier(taxonomy.id) else { return "id: \"\(taxonomy.id)\" must be 1 to 64 of a-z, 0-9 and -, starting with a letter or digit" }
        guard !taxonomy.version.isEmpty, taxonomy.version.utf8.count <= 64 else { return "version: required, at most 64 bytes" }
        guard !taxonomy.title.isEmpty else { return "title: required" }
        guard !taxonomy.draft || !taxonomy.draftNotice.isEmpty else { return "draft_notice: required for a draft, to tell users what is not official" }
        guard !taxonomy.categories.isEmpty else { return "categories: at least one" }
        var seen: [String: Int] = [:]
        for (index, category) in taxonomy.categories.enumerated() {
            guard DataFileRules.isIdentifier(category.id) else { return "categories[\(index)].id: \"\(category.id)\" must be 1 to 64 of a-z, 0-9 and -" }
            if let earlier = seen.updateValue(index, forKey: category.id) {
                return "categories[\(index)].id: \"\(category.id)\" is used twice (also categories[\(earlier)])"
            }
            guard !category.nameFr.isEmpty || !category.nameEn.isEmpty else { return "categories[\(index)] (\(category.id)): name_fr or name_en required" }
        }
        return nil
    }
}
