/// The release this build belongs to, reported by Info and `--version`.
public enum EcoprodVersion {
    public static let current = "0.7.0"
    /// The versioned API packages this build serves.
    public static let apiPackages = ["ecoprod.daemon.v1", "ecoprod.label.v1", "ecoprod.carbon.v1", "ecoprod.directory.v1"]
}
