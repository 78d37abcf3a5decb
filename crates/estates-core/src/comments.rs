//! Keeping a scenario file's comments when the app or a command rewrites it.
//!
//! Scenario files are written by hand as much as by the app, and their
//! comments explain the figures. A save formats the scenario afresh (the
//! serializer knows nothing of comments), so this module carries the comments
//! of the file being replaced over to the new text:
//!
//! 1. both texts are split into tokens by a small RON-aware tokenizer (strings,
//!    raw strings, characters, nested block comments), and their brackets into
//!    a tree of elements: fields, list and tuple items, map entries;
//! 2. every element gets a path that survives edits: a field by its name, a
//!    list item that has an `id` by that id, any other item by its position;
//! 3. each comment of the old text is attached to a place: the header, above
//!    or beside an element, just inside an opening or closing bracket, or
//!    between a field's name and its value;
//! 4. each comment is written at the same place in the new text, found by path.
//!
//! A comment whose element is gone (a deleted item, a field left out) goes
//! with it. Items are written in the new scenario's order, which is the old
//! file's order unless the user moved them (the order of projects and funding
//! sources changes the figures, so the scenario's order must win). Text
//! without comments is returned unchanged, so a file the app wrote and nobody
//! edited looks exactly as the serializer writes it.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::io::{parse_unvalidated, read_text, to_ron, to_text, FileFormat, LoadError, SaveError};
use crate::migrate;
use crate::model::Scenario;

/// Why comments could not be carried over. The save is refused rather than
/// writing a file that might differ from the scenario.
#[derive(Debug, thiserror::Error)]
#[error("keeping the file's comments would have changed the scenario (a fault in the program), so nothing was saved; save under another name to write it without comments")]
pub struct CommentError;

/// The text to write over `path`: the scenario formatted as [`to_text`] does,
/// with the comments of the file it replaces, if any, kept. JSON has no
/// comments, and a file that is not text or is too large to be a scenario has
/// none worth keeping (it is still kept as `.bak`).
pub fn text_keeping_comments(path: &Path, s: &Scenario, format: FileFormat) -> Result<String, SaveError> {
    let text = to_text(s, format)?;
    if format != FileFormat::Ron {
        return Ok(text);
    }
    let old = match read_text(path) {
        Ok((old, _)) => old,
        Err(LoadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => return Ok(text),
        Err(LoadError::Io { source, path }) => return Err(SaveError::Io { source, path }),
        Err(_) => return Ok(text),
    };
    keep_comments(&old, &text).map_err(|e| SaveError::Format(format!("{e}: {}", path.display())))
}

/// The new text with the comments of `old` put back, or `new` unchanged when
/// `old` has no comments or cannot be read as RON (then there is nothing
/// reliable to keep; the replaced file is still kept as `.bak` by the save).
pub fn keep_comments(old: &str, new: &str) -> Result<String, CommentError> {
    // Every comment starts with one of these; most saves of a file the app
    // wrote stop here, without analysing anything.
    if !old.contains("//") && !old.contains("/*") {
        return Ok(new.to_owned());
    }
    let old = old.strip_prefix('\u{feff}').unwrap_or(old);
    // A file of an older format version is carried forward first, so its
    // paths match the current field names (migration steps rewrite text and
    // keep its comments).
    let upgraded = migrate::upgrade(old, FileFormat::Ron).map(|u| u.text.into_owned());
    let old = upgraded.as_deref().unwrap_or(old);
    let Some(old_layout) = Layout::parse(old) else {
        return Ok(new.to_owned());
    };
    if !old_layout.every_comment_placed {
        return Err(CommentError);
    }
    if old_layout.comments.is_empty() {
        return Ok(new.to_owned());
    }
    let Some(new_layout) = Layout::parse(new) else {
        return Err(CommentError);
    };
    let new_paths = new_layout.paths(None);
    let old_paths = old_layout.paths(Some(&FilledIds::new(old, &new_paths)));
    let index: HashMap<&[Seg], usize> = new_paths.iter().enumerate().map(|(i, p)| (p.as_slice(), i)).collect();
    let edits = placements(&old_layout, &old_paths, &new_layout, &index);
    let kept = edits.iter().map(|e| e.comments).sum();
    let merged = apply(new, edits);
    verify(new, &merged, kept)?;
    Ok(merged)
}

// ---------------------------------------------------------------------------
// Tokens

/// What a run of RON text is, as far as placing comments is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    LineComment,
    BlockComment,
    Open(u8),
    Close(u8),
    Comma,
    Colon,
    /// An identifier, number, string or character: anything else indivisible.
    Atom,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

impl Token {
    fn is_comment(&self) -> bool {
        matches!(self.kind, Kind::LineComment | Kind::BlockComment)
    }
}

/// Splits RON text into tokens; `None` when a string or block comment never
/// ends (such a file would not load either). Works on bytes: every delimiter
/// is ASCII, so every token boundary is a character boundary.
fn tokenize(text: &str) -> Option<Vec<Token>> {
    let b = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let (kind, end) = match c {
            b'/' if b.get(i + 1) == Some(&b'/') => (Kind::LineComment, line_comment_end(b, i)),
            b'/' if b.get(i + 1) == Some(&b'*') => (Kind::BlockComment, block_comment_end(b, i)?),
            b'"' => (Kind::Atom, quoted_end(b, i + 1, b'"')?),
            b'\'' => (Kind::Atom, quoted_end(b, i + 1, b'\'')?),
            b'(' | b'[' | b'{' => (Kind::Open(c), i + 1),
            b')' | b']' | b'}' => (Kind::Close(c), i + 1),
            b',' => (Kind::Comma, i + 1),
            b':' => (Kind::Colon, i + 1),
            b'r' | b'b' => match prefixed_literal_end(b, i) {
                Some(end) => (Kind::Atom, end?),
                None => (Kind::Atom, atom_end(b, i)),
            },
            _ => (Kind::Atom, atom_end(b, i)),
        };
        tokens.push(Token { kind, start: i, end });
        i = end;
    }
    Some(tokens)
}

/// A `//` comment runs to the end of its line; a `\r` before the newline is
/// not part of it, so a file with Windows line ends keeps clean comments.
fn line_comment_end(b: &[u8], start: usize) -> usize {
    let end = b[start..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| start + n);
    if end > start + 2 && b[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// Block comments nest in RON (`/* a /* b */ c */` is one comment).
fn block_comment_end(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < b.len() {
        match (b[i], b[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The end of a string or character whose body starts at `from`, skipping
/// backslash escapes (so `"a \" b"` is one string).
fn quoted_end(b: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Byte strings (`b"..."`, `b'x'`) and raw strings (`r"..."`, `r#"..."#`,
/// `br#"..."#`): `None` when the text at `start` is an ordinary identifier.
fn prefixed_literal_end(b: &[u8], start: usize) -> Option<Option<usize>> {
    let mut i = start;
    if b[i] == b'b' {
        i += 1;
        match b.get(i) {
            Some(&b'"') => return Some(quoted_end(b, i + 1, b'"')),
            Some(&b'\'') => return Some(quoted_end(b, i + 1, b'\'')),
            _ => {}
        }
    }
    if b.get(i) != Some(&b'r') {
        return None;
    }
    i += 1;
    let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
    if b.get(i + hashes) != Some(&b'"') {
        return None; // an identifier, or a raw identifier such as `r#type`
    }
    let body = i + hashes + 1;
    let closing: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
    Some(
        b[body..]
            .windows(closing.len())
            .position(|w| w == closing.as_slice())
            .map(|n| body + n + closing.len()),
    )
}

/// An identifier, number or other bare word: up to whitespace, a delimiter
/// or the start of a comment.
fn atom_end(b: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        let comment = c == b'/' && matches!(b.get(i + 1), Some(&b'/') | Some(&b'*'));
        if c.is_ascii_whitespace() || b"()[]{},:\"'".contains(&c) || comment {
            break;
        }
        i += 1;
    }
    i
}

// ---------------------------------------------------------------------------
// The tree of elements, and where each comment belongs

/// How an element is named within its container, before ids are looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    /// The last value of the file: the scenario itself.
    Root,
    /// Anything before it (`#![enable(..)]` attributes), by position.
    Top(usize),
    /// A struct field, or a map entry, by its name as written.
    Field(String),
    /// A list or tuple item, by position.
    Item(usize),
}

/// One segment of an element's path, stable across edits of the scenario.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Root,
    Top(usize),
    Field(String),
    /// A list item with an `id`, and which occurrence of that id it is (ids
    /// should be unique, but a file being fixed may repeat one).
    Id(String, usize),
    Item(usize),
}

/// A field, item or map entry, with byte offsets in its text.
#[derive(Debug)]
struct Node {
    parent: usize,
    key: Key,
    /// Start of the element (its key, or its value when it has none).
    first: usize,
    /// Start of the value, after any `key:`.
    value_start: usize,
    /// End of the value's last token.
    end: usize,
    /// End of the comma after the element, or `end` when there is none.
    after: usize,
    container: Option<Container>,
}

/// The bracketed part of a value: `(..)`, `[..]` or `{..}`. The document
/// itself is a container without brackets.
#[derive(Debug)]
struct Container {
    opener: u8,
    open: Option<usize>,
    close: Option<usize>,
    children: Vec<usize>,
}

/// Where a comment belongs, relative to the element `node`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Before the first value of the file.
    Header,
    /// On the lines above the element, or just before it on its line.
    Before,
    /// Beside the element, after its comma, on the same line.
    After,
    /// Beside the element's opening bracket.
    Open,
    /// Above the element's closing bracket, after its last item; for the
    /// document, after everything.
    Close,
    /// Between a field's name and its value.
    Value,
}

/// A comment of the old text: where it is, how it sat among the lines, and
/// the place it belongs to (relative to the element `node`).
#[derive(Debug)]
struct Comment {
    start: usize,
    end: usize,
    /// A `//` comment, which must end its line wherever it is written.
    line: bool,
    /// A blank line between it and the token before it.
    blank_before: bool,
    /// A blank line between it and the token after it.
    blank_after: bool,
    /// No line break between it and the next non-comment token.
    joined_to_next: bool,
    node: usize,
    place: Place,
}

/// A text's tree of elements and its comments with their places. Node 0 is
/// the document.
#[derive(Debug)]
struct Layout<'a> {
    text: &'a str,
    nodes: Vec<Node>,
    comments: Vec<Comment>,
    /// Whether every comment token was given a place (a fault otherwise).
    every_comment_placed: bool,
}

/// Nesting deeper than this is not analysed (the loader refuses far less).
const MAX_DEPTH: usize = 256;

/// Builds a [`Layout`] by recursive descent over the tokens.
struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    nodes: Vec<Node>,
    comments: Vec<Comment>,
    /// Comments waiting for the next element of the current container.
    pending: Vec<usize>,
}

impl<'a> Layout<'a> {
    /// `None` when the text is not well-formed enough to place comments.
    fn parse(text: &'a str) -> Option<Layout<'a>> {
        let mut p = Parser {
            text,
            tokens: tokenize(text)?,
            pos: 0,
            nodes: vec![Node {
                parent: 0,
                key: Key::Root,
                first: 0,
                value_start: 0,
                end: text.len(),
                after: text.len(),
                container: None,
            }],
            comments: Vec::new(),
            pending: Vec::new(),
        };
        p.document()?;
        let every_comment_placed = p.comments.len() == p.tokens.iter().filter(|t| t.is_comment()).count();
        Some(Layout {
            text,
            nodes: p.nodes,
            comments: p.comments,
            every_comment_placed,
        })
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<Token> {
        self.tokens[self.pos..].iter().find(|t| !t.is_comment()).copied()
    }

    /// Moves past the next non-comment token, returning its end. Callers
    /// take the comments before it first, so none is skipped unrecorded.
    fn bump(&mut self) -> usize {
        while self.tokens[self.pos].is_comment() {
            self.pos += 1;
        }
        self.pos += 1;
        self.tokens[self.pos - 1].end
    }

    /// The comments before the next non-comment token, recorded with their
    /// layout; their places are set by the caller.
    fn take_comments(&mut self) -> Vec<usize> {
        let next_sig = self.peek().map_or(self.text.len(), |t| t.start);
        let mut taken = Vec::new();
        while let Some(t) = self.tokens.get(self.pos).copied().filter(Token::is_comment) {
            let before = self.pos.checked_sub(1).map_or(0, |i| self.tokens[i].end);
            let after = self.tokens.get(self.pos + 1).map_or(self.text.len(), |n| n.start);
            self.comments.push(Comment {
                start: t.start,
                end: t.end,
                line: t.kind == Kind::LineComment,
                blank_before: before > 0 && newlines(&self.text[before..t.start]) >= 2,
                blank_after: newlines(&self.text[t.end..after]) >= 2,
                joined_to_next: t.kind == Kind::BlockComment && newlines(&self.text[t.end..next_sig]) == 0,
                node: 0,
                place: Place::Header,
            });
            taken.push(self.comments.len() - 1);
            self.pos += 1;
        }
        taken
    }

    /// Comments after an element or an opening bracket: those on the same
    /// line (and not leading into the next element on it) belong beside
    /// `node`; the rest wait for the next element or the closing bracket.
    fn gap(&mut self, node: usize, beside: Place) {
        let prev_end = self.pos.checked_sub(1).map_or(0, |i| self.tokens[i].end);
        let next = self.peek().map(|t| t.kind);
        let taken = self.take_comments();
        let mut on_same_line = true;
        for c in taken {
            let comment = &mut self.comments[c];
            on_same_line &= newlines(&self.text[prev_end..comment.start]) == 0;
            let leads_on = comment.joined_to_next && !matches!(next, Some(Kind::Comma | Kind::Close(_)) | None);
            if on_same_line && !leads_on || next == Some(Kind::Comma) {
                comment.node = node;
                comment.place = beside;
            } else {
                on_same_line = false;
                self.pending.push(c);
            }
        }
    }

    /// Comments that all belong to one place, such as inside a value.
    fn gap_at(&mut self, node: usize, place: Place) {
        for c in self.take_comments() {
            self.comments[c].node = node;
            self.comments[c].place = place;
        }
    }

    fn document(&mut self) -> Option<()> {
        self.gap_at(0, Place::Header);
        self.nodes[0].container = Some(Container {
            opener: 0,
            open: None,
            close: None,
            children: Vec::new(),
        });
        let mut count = 0;
        while self.peek().is_some() {
            let node = self.element(0, Key::Top(count), 0)?;
            self.gap(node, Place::After);
            count += 1;
        }
        let last = *self.nodes[0].container.as_ref()?.children.last()?;
        self.nodes[last].key = Key::Root;
        self.close_pending(0);
        Some(())
    }

    /// Gives waiting comments to the closing bracket of `node`'s container.
    fn close_pending(&mut self, node: usize) {
        for c in std::mem::take(&mut self.pending) {
            self.comments[c].node = node;
            self.comments[c].place = Place::Close;
        }
    }

    /// An element: `value`, or `key: value`.
    fn element(&mut self, parent: usize, key: Key, depth: usize) -> Option<usize> {
        let first = self.peek()?.start;
        let node = self.nodes.len();
        self.nodes.push(Node {
            parent,
            key,
            first,
            value_start: first,
            end: first,
            after: first,
            container: None,
        });
        if let Some(c) = self.nodes[parent].container.as_mut() {
            c.children.push(node);
        }
        for c in std::mem::take(&mut self.pending) {
            self.comments[c].node = node;
            self.comments[c].place = Place::Before;
        }
        self.value(node, depth)?;
        if self.peek().map(|t| t.kind) == Some(Kind::Colon) {
            // What was read is the key; names are compared as written.
            let name = self.text[first..self.nodes[node].end].to_owned();
            self.nodes[node].key = Key::Field(name);
            self.nodes[node].container = None;
            self.gap_at(node, Place::Value);
            self.bump();
            self.gap_at(node, Place::Value);
            self.value(node, depth)?;
        }
        Some(node)
    }

    /// A value: bare words (a struct or variant name, a number, a string)
    /// optionally followed by one bracketed container.
    fn value(&mut self, node: usize, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.nodes[node].value_start = self.peek()?.start;
        let mut any = false;
        while let Some(t) = self.peek() {
            match t.kind {
                Kind::Atom => {
                    self.nodes[node].end = self.bump();
                    // Comments between the words of a value (`Some /* c */ (1)`)
                    // stay with it; those after its last word are the caller's.
                    if matches!(self.peek().map(|t| t.kind), Some(Kind::Atom | Kind::Open(_))) {
                        self.gap_at(node, Place::Value);
                    }
                }
                Kind::Open(opener) => {
                    self.bump();
                    self.container(node, opener, t.start, depth)?;
                    any = true;
                    break;
                }
                _ => break,
            }
            any = true;
        }
        self.nodes[node].after = self.nodes[node].end;
        any.then_some(())
    }

    /// The elements between an opening bracket (just read) and its closing one.
    fn container(&mut self, node: usize, opener: u8, open: usize, depth: usize) -> Option<()> {
        let closer = match opener {
            b'(' => b')',
            b'[' => b']',
            _ => b'}',
        };
        self.nodes[node].container = Some(Container {
            opener,
            open: Some(open),
            close: None,
            children: Vec::new(),
        });
        let outer_pending = std::mem::take(&mut self.pending);
        self.gap(node, Place::Open);
        let mut count = 0;
        loop {
            let t = self.peek()?;
            if t.kind == Kind::Close(closer) {
                break;
            }
            let child = self.element(node, Key::Item(count), depth + 1)?;
            count += 1;
            self.gap(child, Place::After);
            if self.peek()?.kind == Kind::Comma {
                self.nodes[child].after = self.bump();
                self.gap(child, Place::After);
            } else if self.peek()?.kind != Kind::Close(closer) {
                return None;
            }
        }
        self.close_pending(node);
        self.pending = outer_pending;
        let close = self.peek()?.start;
        let end = self.bump();
        self.nodes[node].end = end;
        if let Some(c) = self.nodes[node].container.as_mut() {
            c.close = Some(close);
        }
        Some(())
    }
}

fn newlines(s: &str) -> usize {
    s.bytes().filter(|&c| c == b'\n').count()
}

// ---------------------------------------------------------------------------
// Paths

/// Ids the old text leaves out but the loader fills in (a disposal may omit
/// its `id`; it becomes `<site>-d1`), so that such an item's comments find it
/// in the new text. They are read from the old text's own scenario, formatted,
/// whose lists are in the same order as the old text's; only when needed.
struct FilledIds<'a> {
    old: &'a str,
    /// Lists whose items have ids in the new text.
    id_lists: HashSet<Vec<Seg>>,
    /// (list, position in it) to the item's id.
    filled: OnceCell<HashMap<(Vec<Seg>, usize), Seg>>,
}

impl<'a> FilledIds<'a> {
    fn new(old: &'a str, new_paths: &[Vec<Seg>]) -> Self {
        let id_lists = new_paths
            .iter()
            .filter_map(|p| match p.split_last() {
                Some((Seg::Id(..), list)) => Some(list.to_vec()),
                _ => None,
            })
            .collect();
        FilledIds {
            old,
            id_lists,
            filled: OnceCell::new(),
        }
    }

    /// The id the loader gives the `index`-th item of `list`, if any.
    fn get(&self, list: &[Seg], index: usize) -> Option<Seg> {
        if !self.id_lists.contains(list) {
            return None;
        }
        let filled = self.filled.get_or_init(|| self.read().unwrap_or_default());
        filled.get(&(list.to_vec(), index)).cloned()
    }

    fn read(&self) -> Option<HashMap<(Vec<Seg>, usize), Seg>> {
        let scenario = parse_unvalidated(self.old, FileFormat::Ron).ok()?;
        let text = to_ron(&scenario).ok()?;
        let layout = Layout::parse(&text)?;
        let paths = layout.paths(None);
        let ids = layout.nodes.iter().zip(paths).filter_map(|(node, mut path)| {
            let (Key::Item(n), Some(seg @ Seg::Id(..))) = (&node.key, path.pop()) else {
                return None;
            };
            Some(((path, *n), seg))
        });
        Some(ids.collect())
    }
}

impl Layout<'_> {
    /// Each node's path from the document. With `filled`, list items without
    /// an `id` get the one the loader would give them (old texts only).
    fn paths(&self, filled: Option<&FilledIds>) -> Vec<Vec<Seg>> {
        let mut paths: Vec<Vec<Seg>> = Vec::with_capacity(self.nodes.len());
        let mut seen: HashMap<(usize, String), usize> = HashMap::new();
        for (i, node) in self.nodes.iter().enumerate() {
            if i == 0 {
                paths.push(Vec::new());
                continue;
            }
            let mut path = paths[node.parent].clone();
            let seg = match &node.key {
                Key::Root => Seg::Root,
                Key::Top(n) => Seg::Top(*n),
                Key::Field(name) => Seg::Field(name.clone()),
                Key::Item(n) => match self.item_id(i) {
                    Some(id) => {
                        let occurrence = seen.entry((node.parent, id.clone())).or_insert(0);
                        *occurrence += 1;
                        Seg::Id(id, *occurrence)
                    }
                    None => filled
                        .filter(|_| self.is_list_item(i))
                        .and_then(|f| f.get(&path, *n))
                        .unwrap_or(Seg::Item(*n)),
                },
            };
            path.push(seg);
            paths.push(path);
        }
        paths
    }

    fn is_list_item(&self, node: usize) -> bool {
        let parent = self.nodes[node].parent;
        self.nodes[parent].container.as_ref().is_some_and(|c| c.opener == b'[')
    }

    /// The `id` of a list item that is a struct with an `id: "..."` field.
    fn item_id(&self, node: usize) -> Option<String> {
        if !self.is_list_item(node) {
            return None;
        }
        let fields = &self.nodes[node].container.as_ref()?.children;
        let id = fields
            .iter()
            .map(|&f| &self.nodes[f])
            .find(|f| f.key == Key::Field("id".to_owned()))?;
        ron::from_str::<String>(&self.text[id.value_start..id.end]).ok()
    }
}

// ---------------------------------------------------------------------------
// Placing comments in the new text

/// Text to insert into the new text at `at`, replacing `skip` bytes of spaces.
#[derive(Debug)]
struct Edit {
    at: usize,
    skip: usize,
    text: String,
    /// How many comments the text holds.
    comments: usize,
}

impl Edit {
    fn insert(at: usize, text: String, comments: usize) -> Self {
        Edit {
            at,
            skip: 0,
            text,
            comments,
        }
    }
}

/// One level of indentation, as the serializer writes it.
const INDENT: &str = "    ";

/// The edits that put every old comment whose element still exists in its
/// place in the new text, in the order of the old text.
fn placements(old: &Layout, old_paths: &[Vec<Seg>], new: &Layout, index: &HashMap<&[Seg], usize>) -> Vec<Edit> {
    // Comments of one place are written together, in the old text's order.
    let mut groups: Vec<((usize, Place), Vec<&Comment>)> = Vec::new();
    for c in &old.comments {
        let Some(target) = resolve(&old_paths[c.node], c.place, new, index) else {
            continue; // its element is gone, and the comment with it
        };
        match groups.last_mut() {
            Some((place, members)) if *place == target => members.push(c),
            _ => groups.push((target, vec![c])),
        }
    }
    groups
        .into_iter()
        .flat_map(|((node, place), comments)| place_group(old.text, &comments, new, node, place))
        .collect()
}

/// The node and place in the new text for a comment of the old text. When an
/// item by position is missing under an element whose value is now bare (a
/// hand-written `Some(5)` written as `5`), the comment goes before that value;
/// a missing field or item by id is gone, and so are its comments.
fn resolve(path: &[Seg], place: Place, new: &Layout, index: &HashMap<&[Seg], usize>) -> Option<(usize, Place)> {
    if place == Place::Header {
        return Some((0, Place::Header));
    }
    if let Some(&node) = index.get(path) {
        return Some((node, place));
    }
    let (depth, ancestor) = (1..path.len())
        .rev()
        .find_map(|n| index.get(&path[..n]).map(|&i| (n, i)))?;
    let bare = new.nodes[ancestor].container.is_none();
    (matches!(path[depth], Seg::Item(_)) && bare).then_some((ancestor, Place::Value))
}

/// The edits writing one group of comments at its place in the new text.
fn place_group(old: &str, comments: &[&Comment], new: &Layout, node: usize, place: Place) -> Vec<Edit> {
    let text = new.text;
    let n = &new.nodes[node];
    let container = n.container.as_ref();
    match place {
        Place::Header => vec![lines_at(old, comments, text, 0, "")],
        Place::Before => above(old, comments, text, n.first, ""),
        Place::Value => vec![inline_before(old, comments, text, n.value_start)],
        Place::After => vec![beside(old, comments, text, n.end, n.after)],
        Place::Open => match container.and_then(|c| c.open) {
            Some(open) => vec![beside(old, comments, text, open + 1, open + 1)],
            None => vec![beside(old, comments, text, n.end, n.after)],
        },
        Place::Close => match container.and_then(|c| c.close) {
            Some(close) => above(old, comments, text, close, INDENT),
            None if node == 0 => vec![footer(old, comments, text)],
            None => vec![beside(old, comments, text, n.end, n.after)],
        },
    }
}

fn start_of_line(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |n| n + 1)
}

fn indentation_at(text: &str, at: usize) -> &str {
    let line = &text[start_of_line(text, at)..];
    &line[..line.len() - line.trim_start().len()]
}

fn starts_line(text: &str, at: usize) -> bool {
    text[start_of_line(text, at)..at].trim().is_empty()
}

/// Comments above the token at `at`: on lines of their own when the token
/// starts its line (indented like it, plus `extra`), else just before it.
/// Block comments that were on the element's own line stay on it.
fn above(old: &str, comments: &[&Comment], text: &str, at: usize, extra: &str) -> Vec<Edit> {
    if !starts_line(text, at) {
        return vec![inline_before(old, comments, text, at)];
    }
    let joined = comments.iter().rev().take_while(|c| c.joined_to_next).count();
    let (lines, joined) = comments.split_at(comments.len() - joined);
    let indent = format!("{}{extra}", indentation_at(text, at));
    let mut edits = Vec::new();
    if !lines.is_empty() {
        edits.push(lines_at(old, lines, text, start_of_line(text, at), &indent));
    }
    if !joined.is_empty() {
        edits.push(inline_before(old, joined, text, at));
    }
    edits
}

/// Comments each on a line of its own, inserted at the start of a line,
/// keeping the blank lines the old text had around them.
fn lines_at(old: &str, comments: &[&Comment], text: &str, at: usize, indent: &str) -> Edit {
    let mut out = String::new();
    for c in comments {
        if c.blank_before && (at > 0 || !out.is_empty()) {
            out.push('\n');
        }
        out.push_str(indent);
        out.push_str(&old[c.start..c.end]);
        out.push('\n');
    }
    if comments.last().is_some_and(|c| c.blank_after) && at < text.len() {
        out.push('\n');
    }
    Edit::insert(at, out, comments.len())
}

/// Comments just before the token at `at` on its line; a line comment needs
/// a line break after it, and the token then continues one level deeper.
fn inline_before(old: &str, comments: &[&Comment], text: &str, at: usize) -> Edit {
    let continuation = format!("\n{}{INDENT}", indentation_at(text, at));
    let mut out = String::new();
    for c in comments {
        out.push_str(&old[c.start..c.end]);
        out.push_str(if c.line { &continuation } else { " " });
    }
    Edit::insert(at, out, comments.len())
}

/// Comments beside an element that ends at `end` (`after` its comma, if any),
/// on the same line. Block comments go before the comma when more follows on
/// the line (`(0 /* c */, 0.6)`), so that they read back as the same
/// element's. A line comment goes after the comma, and whatever followed it
/// on the line moves to the next.
fn beside(old: &str, comments: &[&Comment], text: &str, end: usize, after: usize) -> Edit {
    let rest = &text[after..];
    let rest_of_line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let more_on_line = !rest_of_line.trim().is_empty();
    let any_line = comments.iter().any(|c| c.line);
    let mut out = String::new();
    for c in comments {
        out.push(' ');
        out.push_str(&old[c.start..c.end]);
    }
    if !more_on_line || any_line {
        let mut edit = Edit::insert(after, out, comments.len());
        if more_on_line {
            edit.skip = rest_of_line.len() - rest_of_line.trim_start().len();
            edit.text.push('\n');
            edit.text.push_str(indentation_at(text, after));
        }
        edit
    } else {
        Edit::insert(end, out, comments.len())
    }
}

/// Comments after the last value of the file.
fn footer(old: &str, comments: &[&Comment], text: &str) -> Edit {
    let mut out = String::new();
    if !text.ends_with('\n') {
        out.push('\n');
    }
    for c in comments {
        if c.blank_before {
            out.push('\n');
        }
        out.push_str(&old[c.start..c.end]);
        out.push('\n');
    }
    Edit::insert(text.len(), out, comments.len())
}

/// Applies the edits, in order of position (the old text's order among edits
/// at one position).
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| e.at);
    let mut out = String::with_capacity(text.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut from = 0;
    for e in edits {
        if e.at < from {
            // Two edits replacing the same spaces: the first already did.
            out.push_str(&e.text);
            continue;
        }
        out.push_str(&text[from..e.at]);
        out.push_str(&e.text);
        from = e.at + e.skip;
    }
    out.push_str(&text[from..]);
    out
}

/// The merged text must be the new text plus exactly the kept comments:
/// the same tokens otherwise, so it reads back as the same scenario.
fn verify(new: &str, merged: &str, kept: usize) -> Result<(), CommentError> {
    let (Some(before), Some(after)) = (tokenize(new), tokenize(merged)) else {
        return Err(CommentError);
    };
    fn significant<'t>(text: &'t str, tokens: &[Token]) -> Vec<&'t str> {
        tokens
            .iter()
            .filter(|t| !t.is_comment())
            .map(|t| &text[t.start..t.end])
            .collect()
    }
    let comments = |tokens: &[Token]| tokens.iter().filter(|t| t.is_comment()).count();
    if comments(&before) == 0 && comments(&after) == kept && significant(new, &before) == significant(merged, &after) {
        Ok(())
    } else {
        Err(CommentError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        tokenize(text).unwrap().iter().map(|t| t.kind).collect()
    }

    #[test]
    fn strings_and_comments_hide_brackets() {
        assert_eq!(
            kinds(r##"("a)//", r#"b"]"#, /* ( /* ] */ */ 'c') // x"##),
            [
                Kind::Open(b'('),
                Kind::Atom,
                Kind::Comma,
                Kind::Atom,
                Kind::Comma,
                Kind::BlockComment,
                Kind::Atom,
                Kind::Close(b')'),
                Kind::LineComment
            ]
        );
    }

    #[test]
    fn unterminated_strings_and_comments_are_not_analysed() {
        assert!(tokenize("(a: \"x)").is_none());
        assert!(tokenize("(a: 1) /* /* */").is_none());
        assert!(tokenize("r#\"x\"").is_none());
    }

    #[test]
    fn raw_identifiers_and_words_starting_with_r_or_b_are_atoms() {
        let text = "(r#type: bread, b: br#\"x\"#)";
        let spans: Vec<&str> = tokenize(text)
            .unwrap()
            .iter()
            .filter(|t| t.kind == Kind::Atom)
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(spans, ["r#type", "bread", "b", "br#\"x\"#"]);
    }
}
