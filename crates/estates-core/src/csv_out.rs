//! The one CSV writer behind every CSV the product writes (the report's
//! tables, the export's CSV files and the site register), so that every file
//! opens cleanly in a spreadsheet:
//!
//! - money is rounded to the penny (`21116070.00`, never `21116070.000000004`);
//!   the calculation itself stays unrounded;
//! - text a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`,
//!   tab or carriage return) gets a leading `'`, as does text already starting
//!   with one, so that the site register import can restore it exactly.

/// One cell of a CSV row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Free text (names, ids, notes): guarded against formula injection.
    Text(String),
    /// Pounds, written to the penny.
    Money(f64),
    /// A number or code written as it is (years, counts, shares, true/false).
    Plain(String),
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell::Text(text.into())
    }

    pub fn plain(value: impl ToString) -> Self {
        Cell::Plain(value.to_string())
    }

    fn into_field(self) -> String {
        match self {
            Cell::Text(t) => guard(t),
            Cell::Money(x) => penny(x),
            Cell::Plain(p) => p,
        }
    }
}

/// A table as tab-separated text with a header row, for the clipboard: it
/// pastes into Excel as cells. Cells are written as in a CSV (money to the
/// penny, no £ or commas, so Excel reads numbers; formula-like text guarded),
/// with any tab or line break inside a cell turned into a space, since those
/// would start a new cell or row. Lines end with CRLF, as Excel writes them.
pub fn tsv<H: AsRef<str>>(headings: &[H], rows: impl IntoIterator<Item = Vec<Cell>>) -> String {
    let line = |cells: Vec<String>| {
        let cells: Vec<String> = cells.into_iter().map(|c| c.replace(['\t', '\r', '\n'], " ")).collect();
        cells.join("\t") + "\r\n"
    };
    let mut out = line(headings.iter().map(|h| h.as_ref().to_owned()).collect());
    for row in rows {
        out.push_str(&line(row.into_iter().map(Cell::into_field).collect()));
    }
    out
}

/// Text a spreadsheet would run as a formula gets a leading `'` (as does text
/// that already starts with one, so that importing restores it exactly).
pub fn guard(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// Pounds to the penny: `1234.50`; never `-0.00`.
pub fn penny(x: f64) -> String {
    let text = format!("{x:.2}");
    match text.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_owned(),
        _ => text,
    }
}

/// Whether a file starts with the UTF-8 byte order mark, which Excel needs to
/// read `£` and accented names correctly; output piped to other tools has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    With,
    Without,
}

/// Writes a header (guarded like text) and the rows as CSV.
pub fn write_csv<H: AsRef<str>>(
    header: &[H],
    rows: impl IntoIterator<Item = Vec<Cell>>,
    bom: Bom,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = match bom {
        Bom::With => "\u{feff}".as_bytes().to_vec(),
        Bom::Without => Vec::new(),
    };
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(header.iter().map(|h| guard(h.as_ref().to_owned())))?;
        for row in rows {
            w.write_record(row.into_iter().map(Cell::into_field))?;
        }
        w.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_to_the_penny() {
        assert_eq!(penny(21_116_070.000_000_004), "21116070.00");
        assert_eq!(penny(0.125), "0.12");
        assert_eq!(penny(-0.001), "0.00");
        assert_eq!(penny(-1.5), "-1.50");
    }

    #[test]
    fn formulas_are_guarded_and_numbers_left_alone() {
        let bytes = write_csv(
            &["name", "value"],
            [
                vec![Cell::text("=HYPERLINK(\"http://x\",\"click\")"), Cell::Money(-3.0)],
                vec![Cell::text("@me"), Cell::plain(-2)],
            ],
            Bom::Without,
        )
        .expect("csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert_eq!(
            text,
            "name,value\n\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",-3.00\n'@me,-2\n"
        );
    }
}
