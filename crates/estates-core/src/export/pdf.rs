//! SVG pages to vector PDF with svg2pdf: text stays text (searchable, fonts
//! subset and embedded), shapes stay vectors. A multi-page document places
//! each page's svg2pdf chunk as a form XObject on its own A4 page.

use std::collections::HashMap;

use pdf_writer::{Content, Finish, Name, Pdf, Rect as PdfRect, Ref, TextStr};
use svg2pdf::usvg;
use svg2pdf::{ConversionOptions, PageOptions};

use super::fonts::{fonts, FAMILY};
use super::svg::{PAGE_H, PAGE_W};
use super::ExportError;

/// Parses one of our SVG pages with the bundled fonts.
pub(crate) fn svg_tree(svg: &str) -> Result<usvg::Tree, ExportError> {
    let options = usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: fonts()?.database(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Svg(e.to_string()))
}

/// One SVG page as a one-page PDF. The SVG is sized in millimetres, which
/// usvg reads at 96 dpi, so a 96 dpi page gives exactly A4.
pub(crate) fn page_pdf(svg: &str) -> Result<Vec<u8>, ExportError> {
    let tree = svg_tree(svg)?;
    svg2pdf::to_pdf(&tree, ConversionOptions::default(), PageOptions { dpi: 96.0 })
        .map_err(|e| ExportError::Pdf(e.to_string()))
}

/// Several SVG pages as one PDF with a title in its document information.
pub(crate) fn pages_pdf(pages: &[String], title: &str) -> Result<Vec<u8>, ExportError> {
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let tree = next.bump();
    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (next.bump(), next.bump())).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().map(|(page, _)| *page))
        .count(page_refs.len() as i32);
    for (svg, (page, content)) in pages.iter().zip(&page_refs) {
        let xobject = embed_page(&mut pdf, &mut next, svg)?;
        write_page(&mut pdf, tree, *page, *content, xobject);
    }
    pdf.document_info(next.bump())
        .title(TextStr(title))
        .creator(TextStr("Estates Receipts Modeller"))
        .producer(TextStr("svg2pdf and pdf-writer"));
    Ok(pdf.finish())
}

/// Converts one SVG page to a form XObject renumbered into the document's
/// references; returns the XObject's reference.
fn embed_page(pdf: &mut Pdf, next: &mut Ref, svg: &str) -> Result<Ref, ExportError> {
    let tree = svg_tree(svg)?;
    let (chunk, root) =
        svg2pdf::to_chunk(&tree, ConversionOptions::default()).map_err(|e| ExportError::Pdf(e.to_string()))?;
    let mut map: HashMap<Ref, Ref> = HashMap::new();
    let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| next.bump()));
    let root = map
        .get(&root)
        .copied()
        .ok_or_else(|| ExportError::Pdf("svg2pdf returned a page without its root object".into()))?;
    pdf.extend(&chunk);
    Ok(root)
}

const PAGE_XOBJECT: Name = Name(b"P0");

fn write_page(pdf: &mut Pdf, tree: Ref, page: Ref, content: Ref, xobject: Ref) {
    let (w, h) = (PAGE_W as f32, PAGE_H as f32);
    let mut p = pdf.page(page);
    p.media_box(PdfRect::new(0.0, 0.0, w, h));
    p.parent(tree);
    p.contents(content);
    p.resources().x_objects().pair(PAGE_XOBJECT, xobject);
    p.finish();
    // svg2pdf's XObject is one unit square; scale it to the page.
    let mut c = Content::new();
    c.transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(PAGE_XOBJECT);
    pdf.stream(content, &c.finish());
}
