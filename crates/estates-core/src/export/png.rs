//! SVG pages and figures to PNG at 300 dpi with resvg. tiny-skia writes no
//! resolution metadata, so the PNG is encoded here with the `pHYs` chunk
//! set, which makes word processors place the image at its true size.

use resvg::tiny_skia::{Color, Pixmap, Transform};

use super::pdf::svg_tree;
use super::ExportError;

/// A4 landscape at 300 dpi (297 x 210 mm).
pub const PNG_WIDTH: u32 = 3508;
pub const PNG_HEIGHT: u32 = 2480;
/// 300 dots per inch in pixels per metre, as the `pHYs` chunk states it.
pub const PIXELS_PER_METRE: u32 = 11_811;

/// Renders one SVG page to an RGB PNG of [`PNG_WIDTH`] x [`PNG_HEIGHT`].
pub(crate) fn page_png(svg: &str) -> Result<Vec<u8>, ExportError> {
    render_png(svg, PNG_WIDTH)?.encode()
}

/// A rendered drawing, white behind it.
pub(crate) struct Rendered(Pixmap);

impl Rendered {
    /// As an RGB PNG with a 300 dpi `pHYs` chunk.
    pub fn encode(&self) -> Result<Vec<u8>, ExportError> {
        encode(&self.0)
    }

    /// `(width, height, RGBA bytes)`, for the clipboard.
    pub fn rgba(self) -> (u32, u32, Vec<u8>) {
        let (w, h) = (self.0.width(), self.0.height());
        // Opaque pixels: premultiplied and plain RGBA are the same.
        (w, h, self.0.take())
    }
}

/// Renders an SVG `width` pixels wide, its height in proportion.
pub(crate) fn render_png(svg: &str, width: u32) -> Result<Rendered, ExportError> {
    let tree = svg_tree(svg)?;
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = (size.height() * scale).round() as u32;
    let mut pixmap = Pixmap::new(width, height).ok_or(ExportError::Render)?;
    pixmap.fill(Color::WHITE);
    resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Ok(Rendered(pixmap))
}

/// Encodes an opaque pixmap as 8-bit RGB with a 300 dpi `pHYs` chunk.
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, ExportError> {
    // The page is painted white first and every colour is opaque, so the
    // premultiplied pixels equal the plain ones and alpha can be dropped.
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: PIXELS_PER_METRE,
        yppu: PIXELS_PER_METRE,
        unit: png::Unit::Meter,
    }));
    let png_error = |e: png::EncodingError| ExportError::Png(e.to_string());
    let mut writer = encoder.write_header().map_err(png_error)?;
    writer.write_image_data(&rgb).map_err(png_error)?;
    writer.finish().map_err(png_error)?;
    Ok(out)
}
