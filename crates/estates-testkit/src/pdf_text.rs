//! Reading the text of exported PDFs back, for the export tests.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object};

/// The text of every page, in page order, including text inside form
/// XObjects (the board pack places each page's drawing as one).
pub fn page_texts(pdf: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(pdf).expect("the PDF parses");
    doc.get_pages()
        .values()
        .map(|&page| {
            let (resources, _) = doc.get_page_resources(page).expect("page resources");
            let mut out = String::new();
            collect_text(
                &doc,
                &doc.get_page_content(page),
                resources.expect("inline resources"),
                &mut out,
            );
            out
        })
        .collect()
}

fn dict<'a>(doc: &'a Document, parent: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    let obj = parent.get(key).ok()?;
    doc.dereference(obj).ok()?.1.as_dict().ok()
}

fn collect_text(doc: &Document, content: &[u8], resources: &Dictionary, out: &mut String) {
    let fonts = dict(doc, resources, b"Font");
    let xobjects = dict(doc, resources, b"XObject");
    let mut encoding: Option<Encoding> = None;
    for op in Content::decode(content).expect("content decodes").operations {
        match op.operator.as_str() {
            "Tf" => {
                let name = op.operands[0].as_name().expect("font name");
                let font = fonts.and_then(|f| dict(doc, f, name)).expect("font in resources");
                encoding = Some(font.get_font_encoding(doc).expect("font encoding"));
            }
            "Tj" | "TJ" => {
                let enc = encoding.as_ref().expect("text after Tf");
                for bytes in strings(&op.operands) {
                    out.push_str(&Document::decode_text(enc, bytes).expect("text decodes"));
                }
                out.push(' ');
            }
            "Do" => {
                let name = op.operands[0].as_name().expect("xobject name");
                let obj = xobjects.and_then(|x| x.get(name).ok()).expect("xobject in resources");
                let stream = doc.dereference(obj).expect("xobject").1.as_stream().expect("stream");
                let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
                let inner = dict(doc, &stream.dict, b"Resources").expect("xobject resources");
                collect_text(doc, &data, inner, out);
            }
            _ => {}
        }
    }
}

fn strings(operands: &[Object]) -> Vec<&[u8]> {
    operands
        .iter()
        .flat_map(|o| match o {
            Object::String(bytes, _) => vec![bytes.as_slice()],
            Object::Array(items) => strings(items),
            _ => Vec::new(),
        })
        .collect()
}

/// Text with all whitespace removed, so glyph-run spacing cannot break a match.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn has(page: &str, needle: &str) -> bool {
    squash(page).contains(&squash(needle))
}
