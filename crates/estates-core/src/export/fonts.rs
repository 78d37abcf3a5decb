//! The bundled font (DejaVu Sans, regular and bold; licence in
//! `assets/fonts/LICENSE`). It is compiled into the binary so that exports
//! look the same from any directory and on machines with no fonts installed:
//! an empty font database would make usvg drop every label silently.

use std::sync::{Arc, LazyLock};

use svg2pdf::usvg::fontdb;
use ttf_parser::Face;

use super::ExportError;

/// The family name inside the font files, used in every SVG `font-family`.
pub(crate) const FAMILY: &str = "DejaVu Sans";

static REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Parsed faces for measuring text, and the database usvg draws text with.
pub(crate) struct Fonts {
    regular: Face<'static>,
    bold: Face<'static>,
    db: Arc<fontdb::Database>,
}

static FONTS: LazyLock<Result<Fonts, String>> = LazyLock::new(|| {
    let regular = Face::parse(REGULAR, 0).map_err(|e| format!("regular face: {e}"))?;
    let bold = Face::parse(BOLD, 0).map_err(|e| format!("bold face: {e}"))?;
    let mut db = fontdb::Database::new();
    db.load_font_data(REGULAR.to_vec());
    db.load_font_data(BOLD.to_vec());
    // usvg maps the generic `sans-serif` to Arial unless told otherwise.
    db.set_sans_serif_family(FAMILY);
    Ok(Fonts {
        regular,
        bold,
        db: Arc::new(db),
    })
});

/// The bundled fonts, parsed once per process.
pub(crate) fn fonts() -> Result<&'static Fonts, ExportError> {
    FONTS.as_ref().map_err(|e| ExportError::Font(e.clone()))
}

impl Fonts {
    /// The font database for usvg (shared, so parsing a page does not copy the fonts).
    pub(crate) fn database(&self) -> Arc<fontdb::Database> {
        Arc::clone(&self.db)
    }

    /// Advance width of `text` at `size` points. Kerning is ignored, which
    /// makes DejaVu text measure at most a few percent wide: layouts err on
    /// the side of room.
    pub(crate) fn width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let face = if bold { &self.bold } else { &self.regular };
        let per_em = f64::from(face.units_per_em());
        let units: f64 = text
            .chars()
            .map(|c| {
                let glyph = face.glyph_index(c).unwrap_or_default();
                f64::from(face.glyph_hor_advance(glyph).unwrap_or_default())
            })
            .sum();
        units / per_em * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_parse_and_measure() {
        let f = fonts().expect("bundled fonts parse");
        // DejaVu Sans digits are 0.636 em wide: ten at 10 pt measure 63.6 pt.
        assert!((f.width("0123456789", 10.0, false) - 63.6).abs() < 0.1);
        assert!(f.width("Funding gap", 10.0, true) > f.width("Funding gap", 10.0, false));
        assert!(f.width("£", 10.0, false) > 5.0, "the pound sign has a real glyph");
        assert_eq!(f.database().len(), 2);
    }
}
