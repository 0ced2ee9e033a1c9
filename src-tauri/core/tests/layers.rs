//! The core's modules form layers with no cycle between them: pure text and HTML modules at the bottom, then
//! `store`, then `import` (which never touches the database), then the `library` facade. This reads every
//! source file's `crate::` paths (tests excluded: they may reach for anything) and checks both rules, so a
//! dependency that would tangle the layers fails here instead of in review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module's layer; a module may use modules of its own layer or below, without cycles.
const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("model", 0),
    ("text", 0),
    ("snippet", 0),
    ("urls", 0),
    ("markdown", 0),
    ("markup", 0),
    ("frontmatter", 0),
    ("render", 0),
    ("sanitize", 0),
    ("packed", 0),
    ("document", 0),
    ("bundled", 0),
    ("anchor", 0),
    ("time", 0),
    ("helplines", 0),
    ("export", 0),
    ("passphrase", 0),
    ("paths", 0),
    ("speech", 0),
    ("store", 1),
    ("import", 2),
    ("library", 3),
];

fn layer(module: &str) -> u8 {
    LAYERS.iter().find(|(m, _)| *m == module).unwrap_or_else(|| panic!("module {module} has no layer in LAYERS")).1
}

/// Top-level module → the top-level modules its non-test code names through `crate::`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.file_name().unwrap() == "tests.rs" {
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap();
            let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
            let module = first.trim_end_matches(".rs").to_string();
            if module == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Test code at the end of a file (`#[cfg(test)] mod tests { ... }`) is not part of the layering.
            let code = text.split("#[cfg(test)]\nmod tests {").next().unwrap();
            let uses = graph.entry(module.clone()).or_default();
            for (at, _) in code.match_indices("crate::") {
                let rest = &code[at + "crate::".len()..];
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && name != module && LAYERS.iter().any(|(m, _)| *m == name) {
                    uses.insert(name);
                }
            }
        }
    }
    graph
}

#[test]
fn every_module_uses_only_its_own_layer_or_those_below() {
    let graph = graph();
    for module in graph.keys() {
        layer(module);
    }
    for (module, uses) in &graph {
        for used in uses {
            assert!(
                layer(used) <= layer(module),
                "{module} (layer {}) uses {used} (layer {}): a lower layer may not depend on a higher one",
                layer(module),
                layer(used)
            );
        }
    }
    assert!(!graph["import"].contains("store"), "import never touches the database");
}

#[test]
fn the_modules_form_no_cycle() {
    let graph = graph();
    // Depth-first search, colouring modules on the current path.
    fn visit<'a>(
        module: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if done.contains(module) {
            return;
        }
        if let Some(at) = path.iter().position(|m| *m == module) {
            panic!("a cycle between modules: {} -> {module}", path[at..].join(" -> "));
        }
        path.push(module);
        for used in graph.get(module).into_iter().flatten() {
            visit(used, graph, path, done);
        }
        path.pop();
        done.insert(module);
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done);
    }
}
