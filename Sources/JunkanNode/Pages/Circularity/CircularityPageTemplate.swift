/// The data-book page's Mustache template (rendered by `CircularityPage`). Kept in Swift so the binary carries it.
package enum CircularityPageTemplate {
    package static let text = """
    \(PageStyle.head(title: "Circularity data book · FY{{fiscalYear}}"))
    .chart { width: 100%; height: auto; display: block; margin: 0.5rem 0; }
    .chart .grid { stroke: var(--line); stroke-width: 1; }
    .chart .axis { font-size: 11px; fill: var(--muted); }
    .chart .legend { font-size: 12px; fill: var(--ink); }
    .chart .rate { fill: none; stroke: var(--ink); stroke-width: 2; }
    .chart .rate-point { fill: #fff; stroke: var(--ink); stroke-width: 2; }
    .chart .band { fill-opacity: 0.45; }
    .met { color: var(--met); font-weight: 600; }
    .missed { color: var(--missed); font-weight: 600; }
    .unknown { color: var(--muted); }
    footer { margin: 2rem 0 1rem; color: var(--muted); font-size: 0.85rem; }
    @media print {
      body { font-size: 11pt; }
      main { max-width: none; padding: 0; }
      h2 { break-after: avoid; }
      section, .chart, table { break-inside: avoid; }
      .table-wrap { overflow: visible; }
      a { color: inherit; text-decoration: none; }
    }
    </style>
    </head>
    <body>
    <main>
    <header>
    <h1>Circularity data book · fiscal year {{fiscalYear}}</h1>
    <p class="lead">Waste, collection of used products, plastic waste, targets and PRTR substances, computed from the records on this node.
    Machine-readable: <a href="/reports/circularity?fiscalYear={{fiscalYear}}">JSON</a> · <a href="/reports/circularity/trend?from={{trendFrom}}&amp;to={{fiscalYear}}&amp;format=csv">trend as CSV</a>.</p>
    </header>

    <ul class="kpis">
    {{#kpis}}<li><span class="value">{{value}}</span><span class="label">{{label}}</span></li>{{/kpis}}
    </ul>

    <section>
    <h2>Waste by category</h2>
    {{{trendChart}}}
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">Fiscal year</th><th scope="col">General</th><th scope="col">Industrial</th><th scope="col">Specially controlled</th><th scope="col">Overseas</th><th scope="col">Total</th><th scope="col">Recycled</th><th scope="col">Recycling rate</th></tr></thead>
    <tbody>
    {{#trend}}<tr{{#current}} class="current"{{/current}}><td>FY{{year}}</td><td>{{general}}</td><td>{{industrial}}</td><td>{{special}}</td><td>{{overseas}}</td><td>{{total}}</td><td>{{recycled}}</td><td>{{rate}}</td></tr>
    {{/trend}}
    </tbody>
    </table></div>
    </section>

    <section>
    <h2>Where the waste of FY{{fiscalYear}} went</h2>
    {{{sankey}}}
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">Category</th><th scope="col">Generated</th><th scope="col">Material recycling</th><th scope="col">Rate</th><th scope="col">Thermal recycling</th><th scope="col">Rate</th><th scope="col">Recycling rate</th><th scope="col">Landfill</th></tr></thead>
    <tbody>
    {{#categories}}<tr><td>{{name}}</td><td>{{total}}</td><td>{{material}}</td><td>{{materialRate}}</td><td>{{thermal}}</td><td>{{thermalRate}}</td><td>{{rate}}</td><td>{{landfill}}</td></tr>
    {{/categories}}
    </tbody>
    </table></div>
    <p class="note">Recycled = reuse + material recycling + thermal recycling. Overseas sites form their own category.</p>
    </section>

    <section>
    <h2>Collection of used products</h2>
    {{#hasCollection}}
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">Product type</th><th scope="col">Collected</th><th scope="col">Reused</th><th scope="col">Parts reused</th><th scope="col">Material recycled</th><th scope="col">Thermal recycled</th><th scope="col">Disposed</th><th scope="col">Recycling rate</th><th scope="col">Resource-reuse rate</th></tr></thead>
    <tbody>
    {{#collection}}<tr><td>{{type}}</td><td>{{collected}}</td><td>{{reused}}</td><td>{{partsReused}}</td><td>{{material}}</td><td>{{thermal}}</td><td>{{disposed}}</td><td>{{rate}}</td><td>{{reuseRate}}</td></tr>
    {{/collection}}
    </tbody>
    {{#collectionTotal}}<tfoot><tr><td>Total</td><td>{{collected}}</td><td>{{reused}}</td><td>{{partsReused}}</td><td>{{material}}</td><td>{{thermal}}</td><td>{{disposed}}</td><td>{{rate}}</td><td>{{reuseRate}}</td></tr></tfoot>{{/collectionTotal}}
    </table></div>
    <p class="note">From {{collectionSource}}. Recycling rate = (reused + parts reused + material + thermal recycled) / collected; resource-reuse rate = (parts reused + material recycled) / collected.</p>
    {{#collectionIssues}}<p class="note">⚠ {{.}}</p>{{/collectionIssues}}
    {{/hasCollection}}
    {{^hasCollection}}<p class="note">No collection recorded for FY{{fiscalYear}}.</p>{{/hasCollection}}
    </section>

    {{#hasPlastic}}
    <section>
    <h2>Plastic waste</h2>
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">Scope</th><th scope="col">Plastic waste</th><th scope="col">Per net sales</th></tr></thead>
    <tbody>{{#plastic}}<tr><td>{{scope}}</td><td>{{mass}}</td><td>{{perSales}}</td></tr>{{/plastic}}</tbody>
    </table></div>
    </section>
    {{/hasPlastic}}

    <section>
    <h2>Targets and results</h2>
    {{#hasTargets}}
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">Indicator</th><th scope="col">Scope</th><th scope="col">Basis</th><th scope="col">Base year</th><th scope="col">Target year</th><th scope="col">Target</th><th scope="col">FY{{fiscalYear}} result</th><th scope="col">Assessment</th></tr></thead>
    <tbody>
    {{#targets}}<tr><td>{{indicator}}</td><td>{{scope}}</td><td>{{basis}}</td><td>FY{{base}}</td><td>FY{{targetYear}}</td><td>{{target}}</td><td>{{actual}}</td><td class="{{markClass}}"{{#missing}} title="{{missing}}"{{/missing}}>{{mark}}</td></tr>
    {{/targets}}
    </tbody>
    </table></div>
    <p class="note">Changes are against the base year; a recycling-rate target is in percentage points.</p>
    {{/hasTargets}}
    {{^hasTargets}}<p class="note">No targets recorded.</p>{{/hasTargets}}
    </section>

    <section>
    <h2>PRTR substances (kg)</h2>
    {{#hasPRTR}}
    <div class="table-wrap"><table>
    <thead><tr><th scope="col">Substance</th><th scope="col">CAS</th><th scope="col">Handled</th><th scope="col">Consumed</th><th scope="col">Recycled</th><th scope="col">To air</th><th scope="col">To water</th><th scope="col">Transferred as waste</th><th scope="col">Treated</th></tr></thead>
    <tbody>
    {{#prtr}}<tr><td>{{name}}</td><td>{{cas}}</td><td>{{handled}}</td><td>{{consumed}}</td><td>{{recycled}}</td><td>{{air}}</td><td>{{water}}</td><td>{{transferred}}</td><td>{{treated}}</td></tr>
    {{/prtr}}
    </tbody>
    {{#prtrTotal}}<tfoot><tr><td>{{name}}</td><td></td><td>{{handled}}</td><td>{{consumed}}</td><td>{{recycled}}</td><td>{{air}}</td><td>{{water}}</td><td>{{transferred}}</td><td>{{treated}}</td></tr></tfoot>{{/prtrTotal}}
    </table></div>
    {{#prtrUnbalanced}}<p class="note">⚠ {{site}}, {{substance}} ({{cas}}): the outputs ({{outputs}} kg) differ from the handled amount ({{handled}} kg) by more than 1%.</p>
    {{/prtrUnbalanced}}
    {{/hasPRTR}}
    {{^hasPRTR}}<p class="note">No PRTR substances recorded for FY{{fiscalYear}}.</p>{{/hasPRTR}}
    </section>

    <footer>Junkan · definitions in docs/circularity.md · figures are rounded for display; the JSON and CSV are not.</footer>
    </main>
    </body>
    </html>
    """
}
