import Yams

/// openapi.yaml as a readable page: every path with its operations (summary, description, parameters, request body,
/// responses) in the file's order, then every schema with its properties. `$ref`s are named and linked, not inlined,
/// so a schema used by forty operations is written once.
enum APIDescriptionPage {
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options"]

    static func render(_ yaml: String) throws(PageTemplateError) -> String {
        let document: Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else { throw PageTemplateError(name: "openapi.yaml", reason: "the file is empty") }
            document = composed
        } catch let e as PageTemplateError {
            throw e
        } catch {
            throw PageTemplateError(name: "openapi.yaml", reason: "\(error)")
        }
        let components = document["components"]
        var paths: [[String: Any]] = []
        for (key, item) in document["paths"]?.mapping ?? [:] {
            guard let path = key.string else { continue }
            let operations = methods.compactMap { method -> [String: Any]? in
                guard let op = item[method] else { return nil }
                return operation(method, path: path, op, shared: item["parameters"], components: components)
            }
            paths.append(["path": path, "anchor": anchor("path", path), "operations": operations])
        }
        var schemas: [[String: Any]] = []
        for (key, schema) in components?["schemas"]?.mapping ?? [:] {
            guard let name = key.string else { continue }
            let required = Set((schema["required"]?.array() ?? []).compactMap(\.string))
            let properties = (schema["properties"]?.mapping ?? [:]).compactMap { (k, v) -> [String: Any]? in
                guard let n = k.string else { return nil }
                return present(["name": n, "type": typeName(v), "required": required.contains(n), "description": v["description"]?.string])
            }
            schemas.append(
                present([
                    "name": name, "anchor": anchor("schema", name), "type": typeName(schema), "description": schema["description"]?.string,
                    "properties": properties, "hasProperties": !properties.isEmpty
                ]))
        }
        let info = document["info"]
        let view: [String: Any] = [
            "title": "API · " + (info?["title"]?.string ?? "Junkan"), "apiTitle": info?["title"]?.string ?? "Junkan",
            "version": info?["version"]?.string ?? "", "openapi": document["openapi"]?.string ?? "",
            "description": info?["description"]?.string ?? "Junkan's HTTP interface.", "paths": paths, "schemas": schemas,
            "operationCount": paths.reduce(0) { $0 + (($1["operations"] as? [Any])?.count ?? 0) }, "pathCount": paths.count,
            "schemaCount": schemas.count
        ]
        return try PageTemplates.render(view, "api")
    }

    static func operation(_ method: String, path: String, _ op: Node, shared: Node?, components: Node?) -> [String: Any] {
        let parameters = ((shared?.array() ?? []) + (op["parameters"]?.array() ?? [])).map { p -> [String: Any] in
            let p = resolve(p, components: components)
            return present([
                "name": p["name"]?.string ?? "?", "in": p["in"]?.string ?? "", "required": p["required"]?.bool ?? false,
                "type": p["schema"].map(typeName) ?? "", "description": p["description"]?.string
            ])
        }
        let body = op["requestBody"].map { resolve($0, components: components) }
        let bodyContent = (body?["content"]?.mapping ?? [:]).compactMap { (k, v) -> [String: Any]? in
            k.string.map { ["mediaType": $0, "type": v["schema"].map(typeName) ?? ""] }
        }
        let responses = (op["responses"]?.mapping ?? [:]).compactMap { (k, v) -> [String: Any]? in
            guard let code = k.string else { return nil }
            let r = resolve(v, components: components)
            let content = (r["content"]?.mapping ?? [:]).compactMap { (m, s) -> String? in
                m.string.map { $0 + (s["schema"].map { " " + typeName($0) } ?? "") }
            }
            return present(["code": code, "description": r["description"]?.string ?? "", "content": content.isEmpty ? nil : content.joined(separator: "; ")])
        }
        return present([
            "method": method.uppercased(), "methodClass": method, "path": path, "anchor": anchor(method, path),
            "summary": op["summary"]?.string ?? "", "description": op["description"]?.string,
            "secured": !(op["security"]?.array().isEmpty ?? true), "parameters": parameters, "hasParameters": !parameters.isEmpty,
            "body": bodyContent, "hasBody": !bodyContent.isEmpty, "bodyRequired": body?["required"]?.bool ?? false,
            "responses": responses
        ])
    }

    /// The entries with a value: Mustache shows a section for any string, even an empty one, so an absent description
    /// is an absent key.
    static func present(_ entries: [String: Any?]) -> [String: Any] {
        entries.compactMapValues { v in
            guard let v else { return nil }
            return (v as? String)?.isEmpty == true ? nil : v
        }
    }

    /// A `$ref` to `#/components/…` replaced by what it names (one level: parameters, request bodies, responses).
    static func resolve(_ node: Node, components: Node?) -> Node {
        guard let ref = node["$ref"]?.string, ref.hasPrefix("#/components/") else { return node }
        var target = components
        for part in ref.dropFirst("#/components/".count).split(separator: "/") { target = target?[String(part)] }
        return target ?? node
    }

    /// A schema's type in a few words: a `$ref`'s name, `array of X`, a type with its format or enumeration.
    static func typeName(_ schema: Node) -> String {
        if let ref = schema["$ref"]?.string { return String(ref.split(separator: "/").last ?? "") }
        for combiner in ["oneOf", "anyOf", "allOf"] {
            if let options = schema[combiner]?.array(), !options.isEmpty {
                return options.map(typeName).joined(separator: combiner == "allOf" ? " & " : " | ")
            }
        }
        var type = schema["type"]?.string ?? (schema["type"]?.array().compactMap(\.string).joined(separator: " | ")) ?? ""
        if type == "array", let items = schema["items"] { type = "array of " + typeName(items) }
        if let format = schema["format"]?.string { type += " (\(format))" }
        if let values = schema["enum"]?.array().compactMap(\.string), !values.isEmpty {
            type += ": " + (values.count > 8 ? values.prefix(8).joined(separator: ", ") + ", …" : values.joined(separator: ", "))
        }
        if let pattern = schema["pattern"]?.string { type += " matching \(pattern)" }
        return type.isEmpty ? "any" : type
    }

    /// An id for a fragment link: the letters and digits of its parts.
    static func anchor(_ parts: String...) -> String {
        parts.joined(separator: "-").map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }
}
