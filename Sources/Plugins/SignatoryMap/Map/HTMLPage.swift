/// A self-contained page: the map inline, a note when data is a draft, and a table of the
/// signatories that a search box filters. No external resource, so it opens offline.
public enum HTMLPage {
    public static func page(svg: String, signatories: [Signatory], categoryNames: [String: String], title: String, notes: [String]) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(SVGText.escaped(title))</title>
            <style>
            body{font-family:"DejaVu Sans",Arial,sans-serif;margin:1.5em;color:#222;max-width:1040px}
            .note{background:#fff6d6;border-left:4px solid #e0b000;padding:.5em .8em;margin:.5em 0}
            svg{max-width:100%;height:auto;border:1px solid #ddd}
            table{border-collapse:collapse;width:100%;margin-top:1em;font-size:14px}
            th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left}
            th{background:#f2f2f2;position:sticky;top:0}
            input{font-size:15px;padding:4px 8px;width:20em;margin-top:1em}
            </style></head><body>
            <h1>\(SVGText.escaped(title))</h1>

            """
        for note in notes { html += "<p class=\"note\">\(SVGText.escaped(note))</p>\n" }
        html += svg
        html += """

            <p><label>Filtrer : <input id="filter" type="search" placeholder="nom, ville, région, catégorie"></label>
            <span id="shown">\(signatories.count)</span> / \(signatories.count) signataires</p>
            <table id="signatories"><thead><tr><th>Nom</th><th>Ville</th><th>Région</th><th>Catégories</th><th>Site</th></tr></thead><tbody>

            """
        for signatory in signatories.sorted(by: { $0.name < $1.name }) {
            let categories = signatory.categories.map { categoryNames[$0] ?? $0 }.joined(separator: ", ")
            let website = signatory.website.isEmpty ? "" : "<a href=\"\(SVGText.escaped(signatory.website))\">\(SVGText.escaped(signatory.website))</a>"
            html += "<tr><td>\(SVGText.escaped(signatory.name))</td><td>\(SVGText.escaped(signatory.city))</td><td>\(SVGText.escaped(signatory.region))</td>"
            html += "<td>\(SVGText.escaped(categories))</td><td>\(website)</td></tr>\n"
        }
        html += """
            </tbody></table>
            <script>
            "use strict";
            const filter = document.getElementById("filter");
            const rows = Array.from(document.querySelectorAll("#signatories tbody tr"));
            const fold = (text) => text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
            const texts = rows.map((row) => fold(row.textContent));
            filter.addEventListener("input", () => {
              const wanted = fold(filter.value.trim());
              let shown = 0;
              rows.forEach((row, index) => {
                const match = texts[index].includes(wanted);
                row.hidden = !match;
                if (match) shown += 1;
              });
              document.getElementById("shown").textContent = String(shown);
            });
            </script>
            </body></html>

            """
        return html
    }
}
