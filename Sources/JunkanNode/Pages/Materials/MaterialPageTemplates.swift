/// Mustache templates of the materials pages (rendered by `MaterialPages`): plain forms and tables, no script.
package enum MaterialPageTemplates {
    package static let head = """
    \(PageStyle.head(title: "{{title}}"))
    form.search { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px 12px; margin: 1rem 0;
      padding: 12px; border: 1px solid var(--line); border-radius: 8px; }
    form.search label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
    form.search input, form.search select { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; min-width: 0; }
    form.search button { font: inherit; padding: 6px 12px; align-self: end; }
    .error { color: var(--missed); font-weight: 600; }
    td.wrap, th.wrap { white-space: normal; min-width: 14rem; text-align: left; }
    .tag { display: inline-block; padding: 0 6px; border-radius: 4px; background: #eef1f6; font-size: 0.8rem; }
    .tag.test { background: #fdecea; color: var(--missed); }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0.5rem 0; }
    dl.facts dt { color: var(--muted); }
    dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    a, p, li { overflow-wrap: anywhere; }
    footer { margin-top: 2rem; }
    </style>
    </head>
    <body>
    <main>
    """

    package static let offers = head + """
    <header>
    <h1>Recycled and virgin resin on offer</h1>
    <p class="lead">{{count}} lot{{^one}}s{{/one}} match. Ranges are min..max in the property's unit (MFR g/10min, density kg/m3, modulus MPa,
    Charpy kJ/m2), under the polymer's standard test conditions. Machine-readable: <a href="{{jsonLink}}">JSON</a>.</p>
    </header>
    <form class="search" method="get" action="/materials/offers.html">
    <label>Polymer (ISO 1043)<input name="polymer" value="{{polymer}}" placeholder="PP, PC+ABS"></label>
    <label>Kind<select name="kind">{{#kinds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/kinds}}</select></label>
    {{#ranges}}<label>{{label}}<input name="{{name}}" value="{{value}}" placeholder="min..max"></label>{{/ranges}}
    <label>Min recycled share (0–1)<input name="minRecycledShare" value="{{minRecycledShare}}" inputmode="decimal"></label>
    <label>Max kg CO2e/kg<input name="maxKgCO2ePerKg" value="{{maxKgCO2ePerKg}}" inputmode="decimal"></label>
    <label>Min DQL (1–4)<input name="minDQL" value="{{minDQL}}" inputmode="numeric"></label>
    <button type="submit">Search</button>
    </form>
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">Lot</th><th scope="col" class="wrap">Grade</th><th scope="col">Polymer</th><th scope="col">Kind</th><th scope="col">Available</th>
    <th scope="col">Recycled</th><th scope="col">kg CO2e/kg</th><th scope="col">DQL</th><th scope="col">MFR</th><th scope="col">Density</th><th scope="col">Modulus</th>
    <th scope="col">Price</th><th scope="col">Place</th></tr></thead>
    <tbody>
    {{#lots}}<tr><td><a href="{{href}}">{{lotNumber}}</a></td><td class="wrap">{{grade}}<br><small>{{producer}}</small></td><td>{{polymer}}</td><td>{{kind}}</td>
    <td>{{mass}}</td><td>{{recycled}}</td><td>{{footprint}}</td><td>{{dql}}</td><td>{{mfr}}</td><td>{{density}}</td><td>{{modulus}}</td><td>{{price}}</td><td>{{place}}</td></tr>
    {{/lots}}
    </tbody>
    </table></div>
    {{#more}}<p class="note">Showing the first {{shown}}; narrow the search to see the rest.</p>{{/more}}
    <footer>Values measured on a lot override its grade's data sheet. DQL: DIN SPEC 91446 data-quality level, computed from what was measured.</footer>
    </main>
    </body>
    </html>
    """

    package static let request = head + """
    <header>
    <h1>Request {{name}}</h1>
    <p class="lead">{{mass}} of {{polymer}}. Machine-readable: <a href="/materials/requests/{{idPath}}">request</a> ·
    <a href="/materials/requests/{{idPath}}/matches">matches</a> · blend: POST /materials/requests/{{id}}/blend.</p>
    </header>
    <section>
    <h2>What is asked</h2>
    <ul>{{#constraints}}<li>{{.}}</li>{{/constraints}}</ul>
    </section>
    <section>
    <h2>Proposed blend</h2>
    {{#blend.feasible}}
    <ul class="kpis">
    <li><span class="value">{{blend.recycled}}</span><span class="label">Recycled share</span></li>
    <li><span class="value">{{blend.footprint}}</span><span class="label">kg CO2e/kg</span></li>
    <li><span class="value">{{blend.lots}}</span><span class="label">Lots</span></li>
    </ul>
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">Lot</th><th scope="col">Mass</th><th scope="col">Share of blend</th><th scope="col">Recycled</th></tr></thead>
    <tbody>{{#blend.components}}<tr><td><a href="{{href}}">{{lot}}</a></td><td>{{mass}}</td><td>{{share}}</td><td>{{recycled}}</td></tr>{{/blend.components}}</tbody>
    </table></div>
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">Property</th><th scope="col">Predicted</th><th scope="col" class="wrap">Required</th><th scope="col">Rule</th></tr></thead>
    <tbody>{{#blend.predicted}}<tr><td>{{property}}</td><td>{{value}}</td><td class="wrap">{{constraint}}</td><td>{{rule}}{{#needsTest}} <span class="tag test">needs a test</span>{{/needsTest}}</td></tr>{{/blend.predicted}}</tbody>
    </table></div>
    {{#blend.hasBinding}}<p class="note">Binding: {{blend.binding}}.</p>{{/blend.hasBinding}}
    {{/blend.feasible}}
    {{^blend.feasible}}<p class="error">No blend of the lots on offer meets the request. These constraints cannot all hold: {{blend.binding}}.</p>{{/blend.feasible}}
    </section>
    <section>
    <h2>Single lots, ranked</h2>
    <p class="note">{{passed}} of {{candidates}} lots of {{polymer}} meet every constraint. Score = 100 · (0.4 closeness + 0.2 data quality +
    0.2 footprint + 0.2 distance), over the parts that apply.</p>
    {{#hasMatches}}
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">#</th><th scope="col">Lot</th><th scope="col" class="wrap">Grade</th><th scope="col">Score</th><th scope="col">Available</th><th scope="col">Recycled</th>
    <th scope="col" class="wrap">Why</th></tr></thead>
    <tbody>{{#matches}}<tr><td>{{rank}}</td><td><a href="{{href}}">{{lotNumber}}</a></td><td class="wrap">{{grade}}</td><td>{{score}}</td><td>{{mass}}</td><td>{{recycled}}</td>
    <td class="wrap">{{explanation}}</td></tr>{{/matches}}</tbody>
    </table></div>
    {{/hasMatches}}
    {{^hasMatches}}<p class="note">No single lot meets every constraint{{#hasNearMisses}}; the nearest misses follow{{/hasNearMisses}}.</p>{{/hasMatches}}
    {{#hasNearMisses}}
    <h2>Near misses</h2>
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">Lot</th><th scope="col" class="wrap">Grade</th><th scope="col" class="wrap">Fails</th></tr></thead>
    <tbody>{{#nearMisses}}<tr><td><a href="{{href}}">{{lotNumber}}</a></td><td class="wrap">{{grade}}</td><td class="wrap">{{reason}}</td></tr>{{/nearMisses}}</tbody>
    </table></div>
    {{/hasNearMisses}}
    </section>
    <footer>Blends follow ln MFR = Σ w ln MFR, 1/ρ = Σ w/ρ and E = Σ w E; properties without a valid rule are bounded by the worst
    component and need a test (docs/materials.md).</footer>
    </main>
    </body>
    </html>
    """
}
