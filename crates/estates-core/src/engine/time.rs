//! MODEL.md sections 1 (time) and 7 (discounting): financial years, the real
//! land value growth index and the discount factors of the NPVs.

use super::{Engine, Outcome};
use crate::model::Discount;
use crate::report::Npv;

/// FY labels (`2026/27` for FY 2026) are how figures are shown, so they live
/// with the other display formats; the engine's path to them stays.
pub use crate::format::fy_label;

/// The Green Book discount rate for years 1 to 30.
pub const GREEN_BOOK_RATE: f64 = 0.035;
/// The Green Book discount rate from year 31 (to year 75).
pub const GREEN_BOOK_LONG_TERM_RATE: f64 = 0.03;
/// The last year discounted at [`GREEN_BOOK_RATE`].
pub const GREEN_BOOK_RATE_YEARS: usize = 30;

/// Real land value growth index `(1 + g)^t`.
pub fn growth_factor(land_growth: f64, t: usize) -> f64 {
    (1.0 + land_growth).powi(t as i32)
}

/// Discount factor for year index `t` (year 0 is the price base, factor 1).
/// Green Book: 3.5% for years 1-30, then 3.0%, so the factor for `t > 30`
/// is `1 / (1.035^30 * 1.03^(t-30))`.
pub fn discount_factor(discount: Discount, t: usize) -> f64 {
    match discount {
        Discount::GreenBook => {
            let early = t.min(GREEN_BOOK_RATE_YEARS) as i32;
            let late = t.saturating_sub(GREEN_BOOK_RATE_YEARS) as i32;
            1.0 / ((1.0 + GREEN_BOOK_RATE).powi(early) * (1.0 + GREEN_BOOK_LONG_TERM_RATE).powi(late))
        }
        Discount::Flat(rate) => 1.0 / (1.0 + rate).powi(t as i32),
    }
}

/// The present value of a yearly flow: each year's amount times its discount factor.
pub fn present_value(discount: &[f64], flow: impl Fn(usize) -> f64) -> f64 {
    discount.iter().enumerate().map(|(t, df)| flow(t) * df).sum()
}

/// `net = retained + savings - capex - new running costs`, all as present values.
pub fn net_present_value(retained: f64, savings: f64, capex: f64, new_running_costs: f64) -> f64 {
    retained + savings - capex - new_running_costs
}

impl Engine<'_> {
    /// Present values of the headline flows (section 7).
    pub(super) fn npv_of(&self, o: &Outcome) -> Npv {
        let pv = |f: &dyn Fn(usize) -> f64| present_value(&self.discount, f);
        let flows = &o.years;
        let retained = pv(&|t| self.pots_in_id_order.iter().map(|&p| o.retained[p][t]).sum());
        let savings = pv(&|t| flows[t].running_cost_savings);
        let capex = pv(&|t| flows[t].capex);
        let new_running = pv(&|t| flows[t].new_running_costs);
        Npv {
            retained_receipts: retained,
            returned_national: pv(&|t| flows[t].returned_national),
            capex,
            funding_gap: pv(&|t| flows[t].funding_gap),
            running_cost_savings: savings,
            new_running_costs: new_running,
            net: net_present_value(retained, savings, capex, new_running),
        }
    }
}
