"""Renders the node's HTML pages in headless Chromium (Debian's, through Playwright) at phone and desktop widths and
fails on a console error, an uncaught page error, a failed request, or content wider than the viewport. Screenshots
(and a print-media PDF) go to .ci/out/ as CI artefacts.

usage: check_pages.py BASE_URL OUT_DIR PATH [PATH ...]
"""
import pathlib, re, sys
from playwright.sync_api import sync_playwright

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def main():
    base, out, paths = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3:]
    out.mkdir(parents=True, exist_ok=True)
    failures = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for path in paths:
            slug = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")
            for name, viewport in VIEWPORTS.items():
                page = browser.new_page(viewport=viewport)
                problems = []
                page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
                page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
                page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
                response = page.goto(base + path, wait_until="load")
                if response is None or response.status != 200:
                    problems.append(f"HTTP {response.status if response else 'no response'}")
                overflow = page.evaluate("""() => {
                    const w = document.documentElement.clientWidth;
                    const wide = [...document.querySelectorAll('body *')].filter(e => {
                        const r = e.getBoundingClientRect();
                        // Inside a horizontally scrolling table wrapper is fine: the wrapper scrolls, the page does not.
                        return r.right > w + 1 && !e.closest('.table-wrap');
                    }).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className : ''));
                    return {scroll: document.scrollingElement.scrollWidth, width: w, wide: wide.slice(0, 5)};
                }""")
                if overflow["scroll"] > overflow["width"] + 1 or overflow["wide"]:
                    problems.append(f"layout overflow: content {overflow['scroll']}px in a {overflow['width']}px viewport {overflow['wide']}")
                # Shapes per chart; a chart without shapes must say it has no data (its `.empty` text). The data-book
                # pages and the passports must have charts; the materials pages are tables and forms.
                charts = page.evaluate("() => [...document.querySelectorAll('svg.chart')].map(s => s.querySelectorAll('rect,path,polyline').length || (s.querySelector('.empty') ? 'empty' : 0))")
                if 0 in charts or (not charts and path.startswith(("/reports/", "/passports/", "/01/", "/explore?", "/log", "/orgs/"))):
                    problems.append(f"a chart is missing or blank: shapes per chart {charts}")
                # Issue 30, item 6: every page has the shared header, its language, and every SVG a title and a desc.
                shape = page.evaluate("""() => ({
                    lang: document.documentElement.lang,
                    nav: !!document.querySelector('header.site nav a[href="/"]'),
                    untitled: [...document.querySelectorAll('svg')].filter(s => !s.closest('.qr') && !(s.querySelector('title') && s.querySelector('desc'))).length
                })""")
                if not shape["lang"]:
                    problems.append("no lang on <html>")
                if not shape["nav"]:
                    problems.append("no shared header navigation")
                if shape["untitled"]:
                    problems.append(f"{shape['untitled']} SVG(s) without title and desc")
                page.screenshot(path=str(out / f"{slug or 'home'}-{name}.png"), full_page=True)
                if name == "desktop":
                    page.emulate_media(media="print")
                    page.pdf(path=str(out / f"{slug or 'home'}.pdf"), format="A4")
                page.close()
                for pr in problems:
                    failures.append(f"{path} ({name}): {pr}")
                print(f"{path} ({name}): {'ok' if not problems else str(len(problems)) + ' problem(s)'}; charts {charts}")
        browser.close()
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    sys.exit(1 if failures else 0)


main()
