/// The look every server-rendered page shares (data book, offers, requests): system fonts, tables that scroll
/// sideways on a phone rather than overflow, key-figure tiles. Pages add their own rules after it.
package enum PageStyle {
    package static let base = """
    :root { --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --met: #1b7f3b; --missed: #b3261e; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif; color: var(--ink); background: #fff; }
    main { max-width: 960px; margin: 0 auto; padding: 16px; }
    h1 { font-size: 1.6rem; margin: 0.5rem 0 0.25rem; }
    h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; border-bottom: 2px solid var(--line); padding-bottom: 0.25rem; }
    p.lead, p.note { color: var(--muted); margin: 0.25rem 0; }
    .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 8px; margin: 1rem 0; padding: 0; list-style: none; }
    .kpis li { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
    .kpis .value { display: block; font-size: 1.3rem; font-weight: 600; }
    .kpis .label { color: var(--muted); font-size: 0.85rem; }
    .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
    table { border-collapse: collapse; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
    th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; }
    thead th { background: #f4f6f9; }
    tr.current td { font-weight: 600; background: #fbf7e6; }
    tfoot td { font-weight: 600; border-top: 2px solid var(--ink); }
    """

    /// The document's start up to the shared rules, inside an open `<style>`: the page adds its own rules and closes it.
    package static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>\(title) · Junkan</title>
        <style>
        \(base)
        """
    }
}
