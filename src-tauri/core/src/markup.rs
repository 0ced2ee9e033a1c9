//! How deeply a piece of HTML nests its elements, found before anything builds a document from it.
//!
//! html5ever's tree building costs grow with the square of nesting depth (100,000 nested `<div>`s take it about
//! 20 seconds, and a 20 MB file holds millions of tags), and no article needs more than a few dozen levels. So
//! every path that hands untrusted HTML to a parser asks [`refuse_deep_nesting`] first: Markdown bodies (which
//! may hold raw HTML) in `document`, saved pages in `import::web_page`, and `sanitize::clean` itself, which shows
//! such markup as escaped text instead of parsing it.
//!
//! What the parser builds is what counts, and only the parser knows it: HTML ignores a slash on `<div/>`, ignores
//! an end tag that does not match, ends comments in more than one way, re-opens formatting elements a paragraph
//! closed, and reads `<style>` inside `<svg>` as an element. An earlier scan that imitated a few of these rules
//! was bypassed by the others. So the depth is measured by html5ever's own tree builder, feeding a sink that
//! builds no document and only records how deep each element is placed, a chunk at a time, stopping as soon as
//! the limit is passed (a handful of chunks into a hostile file). Markup with too few tags to nest that deep,
//! which is nearly every Markdown body and every ordinary article, is passed after one count of its tags.

use std::borrow::Cow;
use std::cell::Cell;
use std::rc::Rc;

use html5ever::interface::{Attribute, ElementFlags, NodeOrText, QualName, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{parse_document, ParseOpts};

use crate::error::{Error, Result};

/// The deepest element nesting Haven accepts, counted inside the body.
pub const MAX_DEPTH: usize = 1_000;

/// Markup with at most this many tags is not parsed to be measured: a parser adds at most a couple of elements
/// of its own for each tag (the `tbody` and `tr` of a bare `<td>`) and re-opens at most as many formatting
/// elements as were written, so it cannot nest past [`MAX_DEPTH`].
const FEW_TAGS: usize = 300;

/// Input handed to the parser per step; the depth is checked between steps.
const CHUNK_BYTES: usize = 16 * 1024;

/// Refuses `html` nested deeper than [`MAX_DEPTH`], with an error naming `label` (a file name). The one check
/// every importer and the renderer run before parsing HTML, with one message.
pub fn refuse_deep_nesting(html: &str, label: &str) -> Result<()> {
    if too_deep(html) {
        return Err(Error::invalid(format!(
            "{label}: its HTML is nested more than {} levels deep, which no article needs",
            group_thousands(MAX_DEPTH)
        )));
    }
    Ok(())
}

/// Whether `html` nests deeper than [`MAX_DEPTH`]. Stops reading as soon as it does.
pub fn too_deep(html: &str) -> bool {
    depth_up_to(html, MAX_DEPTH + 1) > MAX_DEPTH
}

/// The deepest nesting of elements inside the body of `html` as a parser builds it, counted up to `limit`
/// (the measuring stops there).
pub fn depth_up_to(html: &str, limit: usize) -> usize {
    if tags_up_to(html, FEW_TAGS + 1) <= FEW_TAGS && limit > 3 * FEW_TAGS + 2 {
        return 0;
    }
    let deepest = Rc::new(Cell::new(0usize));
    let sink = DepthSink { document: Rc::new(Node::other()), deepest: Rc::clone(&deepest) };
    let mut parser = parse_document(sink, ParseOpts::default());
    // `<html>` and `<body>` are the first two levels of any document; the body's content starts at three.
    let inside_body = |depth: usize| depth.saturating_sub(2);
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(CHUNK_BYTES);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..end]));
        rest = &rest[end..];
        if inside_body(deepest.get()) >= limit {
            return limit;
        }
    }
    parser.finish();
    inside_body(deepest.get()).min(limit)
}

/// How many `<` start something that looks like a tag, counted up to `limit`. Generous on purpose: text such as
/// `a<b` counts too.
fn tags_up_to(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let mut count = 0;
    for window in bytes.windows(2) {
        if window[0] == b'<' && (window[1].is_ascii_alphabetic() || window[1] == b'/' || window[1] == b'!') {
            count += 1;
            if count >= limit {
                break;
            }
        }
    }
    count
}

/// What the measuring sink knows of a node: its name (elements only), how deep it was placed, whether it is in
/// the tree now, and, for a `<template>`, the fragment holding its contents.
#[derive(Debug)]
struct Node {
    name: Option<QualName>,
    depth: Cell<usize>,
    attached: Cell<bool>,
    template_contents: Option<Rc<Node>>,
}

impl Node {
    fn other() -> Node {
        Node { name: None, depth: Cell::new(0), attached: Cell::new(false), template_contents: None }
    }
}

/// A tree sink that builds nothing: every node is a depth, set when the parser places it. Nodes the parser
/// lets go of are dropped, so memory stays as small as the parser's own stack.
struct DepthSink {
    document: Rc<Node>,
    deepest: Rc<Cell<usize>>,
}

impl DepthSink {
    fn place(&self, node: &Node, depth: usize) {
        node.depth.set(depth);
        node.attached.set(true);
        if depth > self.deepest.get() {
            self.deepest.set(depth);
        }
    }
}

impl TreeSink for DepthSink {
    type Handle = Rc<Node>;
    type Output = ();
    type ElemName<'a> = &'a QualName;

    fn finish(self) {}

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> Rc<Node> {
        Rc::clone(&self.document)
    }

    fn elem_name<'a>(&'a self, target: &'a Rc<Node>) -> &'a QualName {
        // html5ever asks only elements their name.
        target.name.as_ref().unwrap_or_else(|| unreachable!("html5ever asked a non-element for its name"))
    }

    fn create_element(&self, name: QualName, _attrs: Vec<Attribute>, flags: ElementFlags) -> Rc<Node> {
        let template_contents = flags.template.then(|| Rc::new(Node::other()));
        Rc::new(Node { name: Some(name), template_contents, ..Node::other() })
    }

    fn create_comment(&self, _text: StrTendril) -> Rc<Node> {
        Rc::new(Node::other())
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Rc<Node> {
        Rc::new(Node::other())
    }

    fn append(&self, parent: &Rc<Node>, child: NodeOrText<Rc<Node>>) {
        if let NodeOrText::AppendNode(node) = child {
            self.place(&node, parent.depth.get() + 1);
        }
    }

    fn append_based_on_parent_node(&self, element: &Rc<Node>, prev_element: &Rc<Node>, child: NodeOrText<Rc<Node>>) {
        if element.attached.get() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &Rc<Node>) -> Rc<Node> {
        let contents = target.template_contents.clone().unwrap_or_else(|| Rc::new(Node::other()));
        contents.depth.set(target.depth.get() + 1);
        contents
    }

    fn same_node(&self, x: &Rc<Node>, y: &Rc<Node>) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Rc<Node>, new_node: NodeOrText<Rc<Node>>) {
        if let NodeOrText::AppendNode(node) = new_node {
            self.place(&node, sibling.depth.get());
        }
    }

    fn add_attrs_if_missing(&self, _target: &Rc<Node>, _attrs: Vec<Attribute>) {}

    fn remove_from_parent(&self, target: &Rc<Node>) {
        target.attached.set(false);
    }

    /// Children moved under another parent (the adoption agency): the new parent sits where their old one was
    /// (or one level deeper), so their recorded depths stay close; the parser places what comes next.
    fn reparent_children(&self, _node: &Rc<Node>, _new_parent: &Rc<Node>) {}
}

/// `1000` as `1,000`.
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
